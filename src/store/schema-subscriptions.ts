/** Tables of the subscriptions area (filled by its migration in src/store/migrations). */
// biome-ignore lint/suspicious/noEmptyInterface: filled as the area grows
export interface SubscriptionTables {}
