// The price an instances.csv row should have been billed at, worked out from the scenario and the
// instance catalog as docs/model.md states the rules — not from the row's own costUsd or
// pricePerHour — so that "cost = billed seconds × price" is a check and not an identity:
// - ON_DEMAND: the catalog's on-demand price of the type, or a custom UNMANAGED fleet shape's own
//   price;
// - SPOT (no price trace): on-demand × (1 − savings / 100), savings from settings.spot.pools, else
//   the Spot Instance Advisor's figure in the catalog, else settings.spot.defaultSavingsPct;
// - FARGATE: vCPUs × the per-vCPU rate + GiB × the per-GB rate of the task's architecture;
//   FARGATE_SPOT: that × (1 − settings.fargate.spotDiscount).
import { instanceType } from '../../src/market/catalog.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { CsvRow } from './random-scenario.js';

/** USD per hour of the instance (or Fargate task) in `row`; `arch` of the job a Fargate task ran. */
export function listPricePerHour(scenario: Scenario, row: CsvRow, arch: 'x86_64' | 'arm64' = 'x86_64'): number {
  const settings = scenario.settings;
  const onDemand = (): number => {
    const catalog = instanceType(row.instanceType);
    if (catalog) return catalog.onDemandUsdPerHour;
    const ce = scenario.computeEnvironments.find((c) => c.computeEnvironmentName === row.computeEnvironment);
    const shape = ce?.fleet.find((s) => s.instanceType === row.instanceType);
    if (!shape) throw new Error(`${row.instanceId}: ${row.instanceType} is neither a catalog type nor a fleet shape of ${row.computeEnvironment}`);
    return shape.onDemandUsdPerHour;
  };
  switch (row.purchaseOption) {
    case 'ON_DEMAND':
      return onDemand();
    case 'SPOT': {
      if (settings.spot.priceTrace.length > 0) throw new Error('listPricePerHour: Spot price traces are not supported');
      const pool = settings.spot.pools.find((p) => p.instanceType === row.instanceType);
      const savings = pool?.savingsPct ?? instanceType(row.instanceType)?.spotSavingsPct ?? settings.spot.defaultSavingsPct;
      return onDemand() * (1 - savings / 100);
    }
    case 'FARGATE':
    case 'FARGATE_SPOT': {
      const f = settings.fargate;
      const gb = Number(row.memory) / 1024;
      const vcpus = Number(row.vcpus);
      const price = arch === 'arm64' ? vcpus * f.armVcpuHour + gb * f.armGbHour : vcpus * f.x86VcpuHour + gb * f.x86GbHour;
      return row.purchaseOption === 'FARGATE_SPOT' ? price * (1 - f.spotDiscount) : price;
    }
    default:
      throw new Error(`${row.instanceId}: unknown purchase option ${row.purchaseOption}`);
  }
}
