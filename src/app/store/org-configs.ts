import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * The last-seen version of each installation's organisation configuration (the readiness.yml of
 * its `.github` repository, which every repository inherits): the sha of the push that last
 * changed it, "" until one did. Kept in the sweep's row, which starts a round when it changes,
 * and read when a delivery is keyed, so that every replica sees a change at once.
 */
export class OrgConfigVersions {
  constructor(private readonly db: Kysely<Database>) {}

  async version(installationId: number): Promise<string> {
    const row = await this.db.selectFrom("sweeps").select("org_config").where("installation_id", "=", installationId).executeTakeFirst();
    return row?.org_config ?? "";
  }

  async changed(installationId: number, sha: string): Promise<void> {
    await this.db
      .insertInto("sweeps")
      .values({ installation_id: installationId, org_config: sha })
      .onConflict((conflict) => conflict.column("installation_id").doUpdateSet({ org_config: sha }))
      .execute();
  }
}
