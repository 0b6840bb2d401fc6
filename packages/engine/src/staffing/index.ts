/** Staffing maths: Erlang C and Erlang A, and the operators a service-level target needs. */
export * from './erlang-c.ts';
export * from './erlang-a.ts';
export * from './operators-needed.ts';
