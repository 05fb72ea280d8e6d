/**
 * Places on the pages that wait for API endpoints being built on other branches. Each renders
 * nothing until its endpoint exists — no placeholder data. When the endpoint lands, replace the
 * body with the real component (issue 8).
 */

/** System status banner (`GET /api/v1/system/status`, shown when status ≠ normal). */
export function StatusBannerSlot() {
  return null;
}

/** Quota card: total / used / remaining with a progress bar (`GET /api/v1/quota`). */
export function QuotaCardSlot() {
  return null;
}

/** The user's most recent video jobs (`GET /api/v1/videos`). */
export function RecentVideosSlot() {
  return null;
}
