// The users page's schemas, shared by its loader/action and its forms (checked in the browser by the same schema).
import { z } from "zod";
import { pageParam } from "~/lib/list";
import { ROLES } from "./permissions.ts";

/** The users list's query (blank = absent; a value that does not parse is refused naming its field). */
export const UserListQuery = z.object({
  q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  role: z.enum(ROLES, { error: "users.unknownRole" }).optional(),
  page: pageParam,
});
export type UserListQuery = z.output<typeof UserListQuery>;

export const RoleChange = z.object({
  userId: z.uuid({ error: "users.unknownUser" }),
  role: z.enum(ROLES, { error: "users.unknownRole" }),
});
