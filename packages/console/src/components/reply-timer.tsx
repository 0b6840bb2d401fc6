/** How long the customer has waited for the operator's answer, counted live while it is theirs to give. */
import { useEffect, useState } from 'react';
import { formatDuration, secondsSince } from '../format.ts';

export function ReplyTimer({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const waited = secondsSince(since, now);
  return (
    <p className={`reply-timer${waited >= 120 ? ' late' : ''}`} data-testid="reply-timer">
      The customer has waited {formatDuration(waited)} for your reply.
    </p>
  );
}
