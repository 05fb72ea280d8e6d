/** The query key of one job (shared by the generate page, which seeds it, and the live view). */
export const videoKey = (id: string) => ['videos', 'one', id] as const;
