import type { Config } from '../core/config.js';
import { diagnose } from '../core/diagnose.js';
import type { Finding } from '../core/finding.js';
import type { Rule } from '../core/rule.js';
import type { ClusterState } from '../model/cluster.js';

/**
 * The one place the watch controller calls the diagnose pipeline. It is async already so that
 * a diagnose() that becomes async (container logs decoded first) changes this line only.
 */
export async function diagnoseState(state: ClusterState, config: Config, rules: readonly Rule[]): Promise<Finding[]> {
  return diagnose({ state, config, rules }).findings.filter((f) => !f.suppressed);
}
