/**
 * Creates, drops or pings a MySQL/MariaDB database named by a `DATABASE_URL`-style URL.
 *
 *   node test/support/mysql-database.js create mysql://root@127.0.0.1:3306/gatehouse_ci_1a2b
 *   node test/support/mysql-database.js drop   mysql://root@127.0.0.1:3306/gatehouse_ci_1a2b
 *   node test/support/mysql-database.js ping   mysql://root@127.0.0.1:3306/
 *
 * `drop` also drops the databases derived from that name (`<name>_…`), which the e2e helper makes per test
 * file, so a crashed test run leaves nothing behind. The functions are exported for other test helpers.
 */
const mysql = require('mysql2/promise');

function parseUrl(url) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`not a mysql:// or mariadb:// URL: ${url}`);
  }
  return {
    connection: {
      host: parsed.hostname,
      port: Number(parsed.port || 3306),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      connectTimeout: 5000,
    },
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  };
}

async function withServer(url, work) {
  const { connection, database } = parseUrl(url);
  const server = await mysql.createConnection(connection);
  try {
    return await work(server, database);
  } finally {
    await server.end();
  }
}

function requireName(database) {
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) {
    throw new Error(`the URL must name a database of 1-64 characters [A-Za-z0-9_$-], got "${database}"`);
  }
  return `\`${database}\``;
}

function createDatabase(url) {
  return withServer(url, (server, database) =>
    server.query(`CREATE DATABASE IF NOT EXISTS ${requireName(database)} CHARACTER SET utf8mb4`),
  );
}

/** Drops the database and every `<name>_…` database derived from it; answers the names dropped. */
function dropDatabase(url) {
  return withServer(url, async (server, database) => {
    requireName(database);
    const pattern = `${database.replace(/[\\_%]/g, (c) => `\\${c}`)}\\_%`;
    const [rows] = await server.query('SHOW DATABASES LIKE ?', [pattern]);
    const names = [database, ...rows.map((row) => Object.values(row)[0])];
    for (const name of names) {
      await server.query(`DROP DATABASE IF EXISTS ${requireName(name)}`);
    }
    return names;
  });
}

function ping(url) {
  return withServer(url, (server) => server.query('SELECT 1'));
}

module.exports = { createDatabase, dropDatabase, ping };

if (require.main === module) {
  const [command, url] = process.argv.slice(2);
  const commands = { create: createDatabase, drop: dropDatabase, ping };
  if (!commands[command] || !url) {
    console.error('usage: node test/support/mysql-database.js create|drop|ping <mysql://user:pass@host:port/database>');
    process.exit(2);
  }
  commands[command](url).then(
    (result) => {
      if (command === 'drop') {
        console.log(`dropped ${result.join(', ')}`);
      }
    },
    (error) => {
      console.error(`mysql-database ${command}: ${error.message}`);
      process.exit(1);
    },
  );
}
