// Types of scripts/start.mjs for the tests that import it.
export declare const stampPath: string;
export declare function buildIsStale(): boolean;
