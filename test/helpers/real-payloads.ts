/** Copies of published Genesys payloads in test/fixtures/genesys (see its SOURCES.md). */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const realPayloadsDir = fileURLToPath(new URL('../fixtures/genesys/', import.meta.url));

export function readRealPayload(relative: string): unknown {
  return JSON.parse(readFileSync(join(realPayloadsDir, relative), 'utf8'));
}

/** Every conversation object in the published analytics samples (pages and bare conversations alike). */
export function realConversations(): { file: string; conversation: unknown }[] {
  const dir = join(realPayloadsDir, 'analytics-conversation-details');
  if (!existsSync(dir)) throw new Error(`real payloads not found at ${dir}`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const payload = readRealPayload(join('analytics-conversation-details', file)) as { conversations?: unknown[] };
      const conversations = Array.isArray(payload.conversations) ? payload.conversations : [payload];
      return conversations.map((conversation) => ({ file, conversation }));
    });
}
