/**
 * Serves one SageMaker request with the session's ladder: plan (router: TSFMs first, then the
 * statistical ladder of each series' class) → fit with fallback → predict with fallback. The pool
 * is the session's, preloaded at start; nothing here loads a model.
 */
import type { TSAgentSession } from '../../runtime/session.js';
import { sageMakerResponse } from './response.js';
import type { SageMakerResponse } from './schema.js';
import type { SageMakerTask } from './toPanel.js';

export async function forecastSageMaker(session: TSAgentSession, task: SageMakerTask): Promise<SageMakerResponse> {
  const plan = await session.plan(task.panel, task.spec);
  const fit = await session.fit(task.panel, plan, task.spec);
  const out = await session.predict(fit);
  return sageMakerResponse(task, out.forecast.series, out.forecast.quantileLevels, out.fallbacks);
}
