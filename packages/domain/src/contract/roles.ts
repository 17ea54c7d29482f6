import { z } from 'zod'

/** The four roles of the board's workbook; the server's user table and every rule use these. */
export const Role = z.enum(['ekonom', 'omradeschef', 'lasare', 'admin'])
export type Role = z.infer<typeof Role>
