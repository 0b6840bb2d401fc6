/** Which platform thread a conversation belongs to: written when the platform hands a thread to Baton. */
import type { Queryable } from '../storage/database.ts';
import type { PlatformReference } from './relay.ts';

/** Links `conversationId` to its platform thread (a later hand-over of the same thread updates it). */
export async function linkConversation(
  db: Queryable,
  link: { conversationId: string; platform: string; reference: PlatformReference; at: string },
): Promise<void> {
  await db.query(
    `INSERT INTO adapter_links (conversation_id, platform, reference, created_at)
     VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (conversation_id) DO UPDATE SET platform = EXCLUDED.platform, reference = EXCLUDED.reference`,
    [link.conversationId, link.platform, JSON.stringify(link.reference), link.at],
  );
}

/** The platform reference of a conversation, or null when it has none for `platform`. */
export async function findLink(
  db: Queryable,
  conversationId: string,
  platform: string,
): Promise<PlatformReference | null> {
  const rows = await db.query<{ reference: PlatformReference }>(
    'SELECT reference FROM adapter_links WHERE conversation_id = $1 AND platform = $2',
    [conversationId, platform],
  );
  return rows[0]?.reference ?? null;
}
