/**
 * Every operation and trigger event the LearnWorlds nodes offer, against the simulator that
 * validates each request against LearnWorlds' OpenAPI description of API v2
 * (docs/vendor-specs/learnworlds-api-v2.openapi.yaml). Cases: ./learnworlds.cases.ts.
 */
import { learnWorldsContractSuite } from './learnworlds.cases';

jest.setTimeout(60_000);

learnWorldsContractSuite('learnworlds');
