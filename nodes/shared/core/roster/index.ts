export * from './apply';
export * from './plan';
export * from './snapshot';
