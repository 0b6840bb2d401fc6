/**
 * The canned responses the composer offers for one handoff: the server's for its team and the
 * conversation's language first (then the general ones, in the server's order), filled from the
 * brief, then the built-in templates as defaults. A failed read leaves the built-ins alone.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CannedResponse } from '@baton/sdk';
import type { ConsoleApi } from './api.ts';
import { cannedTemplates, type FillContext, type PickerTemplate } from './canned.ts';
import type { ReplyTemplate } from './templates.ts';

export function useCannedTemplates(
  api: ConsoleApi,
  scope: { queue: string; language: string | undefined },
  context: FillContext,
  builtIn: readonly ReplyTemplate[],
): PickerTemplate[] {
  const [responses, setResponses] = useState<CannedResponse[]>([]);
  useEffect(() => {
    let live = true;
    api
      .listCannedResponses({ queue: scope.queue, ...(scope.language ? { language: scope.language } : {}) })
      .then((list) => live && setResponses(list.responses))
      .catch(() => live && setResponses([]));
    return () => {
      live = false;
    };
  }, [api, scope.queue, scope.language]);
  const { customerName, operatorName, queue, brief } = context;
  return useMemo(
    () => [
      ...cannedTemplates(responses, { customerName, operatorName, queue, brief }),
      ...builtIn.map((template) => ({ ...template, scope: 'built-in' })),
    ],
    [responses, customerName, operatorName, queue, brief, builtIn],
  );
}
