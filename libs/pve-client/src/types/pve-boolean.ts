/**
 * A boolean as the PVE API sends it. The schema says `boolean`, but the Perl API
 * encodes it as the integers 0 and 1; a few endpoints send JSON true/false.
 */
export type PveBoolean = 0 | 1 | boolean;
