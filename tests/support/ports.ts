export { freePort } from "../../server/db/embedded.ts";
