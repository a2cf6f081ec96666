/**
 * `true` when A and B are the same type, else `never`: `const check: SameType<A, B> = true` compiles
 * only while they agree. The schema modules hold the interfaces declared for zod-free modules to
 * what their schemas give.
 */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
