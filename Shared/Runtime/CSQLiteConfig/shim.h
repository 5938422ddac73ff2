// sqlite3_db_config takes variable arguments, which Swift cannot call: one fixed-argument wrapper
// per setting ServiceStorage changes. The function is SQLiteNIO's build of SQLite (its names carry
// the sqlite_nio_ prefix), the one copy of the library every connection of ours uses.
#ifndef DIC_CSQLITECONFIG_SHIM_H
#define DIC_CSQLITECONFIG_SHIM_H

struct sqlite3;
int sqlite_nio_sqlite3_db_config(struct sqlite3 *, int op, ...);
int sqlite_nio_sqlite3_config(int op, ...);

/// SQLITE_DBCONFIG_ENABLE_QPSG on (1) or off (0): while on, statements prepared get plans that do
/// not depend on the values bound, so binding new ones never makes SQLite parse them again.
/// Changing it expires every statement the connection has prepared: set it once, on opening.
static inline int dic_sqlite3_set_qpsg(struct sqlite3 *db, int on) {
    int now = 0;
    return sqlite_nio_sqlite3_db_config(db, 1007 /* SQLITE_DBCONFIG_ENABLE_QPSG */, on, &now);
}

/// SQLITE_CONFIG_STMTJRNL_SPILL: the bytes a statement or savepoint journal holds in memory, in one
/// block, before SQLite writes it to a temporary file (for connections whose `temp_store` is a
/// file). Process-wide; SQLite takes it only before its first connection opens (SQLITE_MISUSE after).
static inline int dic_sqlite3_set_statement_journal_spill(int bytes) {
    return sqlite_nio_sqlite3_config(26 /* SQLITE_CONFIG_STMTJRNL_SPILL */, bytes);
}

#endif
