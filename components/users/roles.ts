export const ROLES = ["admin", "owner", "tester", "viewer"] as const;
