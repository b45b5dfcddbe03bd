/**
 * Every operation and trigger event the Grow nodes offer, against the simulator that validates
 * each request against LearnWorlds' OpenAPI description of API v2 with Grow's overlay (Plenum's
 * provisioning guide: /usergroups, programs, six role levels, asynchronous bulk actions).
 * Cases: ./learnworlds.cases.ts.
 */
import { learnWorldsContractSuite } from './learnworlds.cases';

jest.setTimeout(60_000);

learnWorldsContractSuite('grow');
