// n8n loads nodes and credentials from the paths in package.json's "n8n" section; this entry
// point exists for tools that import the package and exposes the vendor-neutral core.
export * as core from './nodes/shared/core';
