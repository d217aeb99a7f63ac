export * from './location.js';
export * from './value.js';
export * from './resource.js';
export * from './finding.js';
export * from './policy.js';
export * from './tri.js';
export * from './rule.js';
export * from './order.js';
