/** Extraction of one run into the stage: the dimension streams, then each window's conversations and recordings. */
import { createStageWriter } from '../load/stage-writer.ts';
import type { Manifest } from '../load/manifest.ts';
import type { RunCounts } from './counts.ts';
import { extractDimensions } from './extract-dimensions.ts';
import { extractConversationWindow } from './extract-window.ts';
import type { GenesysClient } from './genesys/client.ts';
import type { Pseudonymiser } from './pseudonymise.ts';
import type { ConversationJobOptions } from './streams/conversation-jobs.ts';
import type { Window } from './window.ts';

export interface ExtractRunOptions {
  readonly runId: string;
  readonly client: GenesysClient;
  readonly stageDir: string;
  readonly windows: readonly Window[];
  readonly pseudonymise: Pseudonymiser;
  readonly job: ConversationJobOptions;
  readonly recordingConcurrency: number;
  readonly onProgress?: (message: string) => void;
}

export async function extractRun(options: ExtractRunOptions): Promise<{ manifest: Manifest; counts: RunCounts }> {
  const stage = await createStageWriter({ stageDir: options.stageDir, runId: options.runId });
  const counts: RunCounts = {};
  try {
    options.onProgress?.('extracting users, queues and retention policies');
    await extractDimensions({ client: options.client, stage, counts, pseudonymise: options.pseudonymise });
    for (const [index, window] of options.windows.entries()) {
      const label = `window ${index + 1}/${options.windows.length} ${window.start.slice(0, 16)}`;
      options.onProgress?.(`${label}: waiting for the detail job`);
      await extractConversationWindow({
        client: options.client,
        stage,
        window,
        counts,
        pseudonymise: options.pseudonymise,
        job: options.job,
        recordingConcurrency: options.recordingConcurrency,
        onProgress: (event) => {
          options.onProgress?.(`${label}: ${event.conversations} conversations, ${event.recordings} recordings`);
        },
      });
    }
  } catch (error) {
    await stage.abort();
    throw error;
  }
  options.onProgress?.('writing Parquet files');
  return { manifest: await stage.finish(), counts };
}
