import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GenesysApiError } from '../../../../contract/errors.ts';
import { resultCapOf } from '../../../../extract/streams/conversation-jobs.ts';

const apiError = (message: string, status = 400): GenesysApiError =>
  new GenesysApiError(`Genesys get conversation detail job results failed: ${message} (HTTP ${status})`, {
    status,
    operation: 'get conversation detail job results',
  });

it('recognises the detail-job result cap refusal and reads the cap from it', () => {
  assert.equal(resultCapOf(apiError('Pagination may not exceed 400000 results')), 400_000);
  assert.equal(resultCapOf(apiError('Pagination may not exceed 400,000 results.')), 400_000);
  assert.equal(resultCapOf(apiError('Pagination may not exceed 400000 results', 500)), undefined);
  assert.equal(resultCapOf(apiError('Invalid cursor')), undefined);
  assert.equal(resultCapOf(new Error('Pagination may not exceed 400000 results')), undefined);
});
