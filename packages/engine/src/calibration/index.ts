/** Calibration maths: metrics, per-trigger figures, seeded splits, threshold search, discovery. */
export * from './metrics.ts';
export * from './trigger-metrics.ts';
export * from './seeded-split.ts';
export * from './knobs.ts';
export * from './features.ts';
export * from './threshold-search.ts';
export * from './cross-validation.ts';
export * from './discovery.ts';
