// Parses every .tf file under the given folder with @cdktf/hcl2json and formats it with @cdktf/hcl-tools (the same
// formatting as `terraform fmt`); prints one JSON report on stdout: {"<relative path>": {"json": ..., "formatted":
// true|false}} or {"error": "..."} for a file that does not parse. The JUnit test reads the report.
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
const report = {};

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Not a local `terraform init`'s downloads (.terraform/modules holds other projects' files).
      if (entry.name !== '.terraform') {
        walk(full);
      }
    } else if (entry.name.endsWith('.tf')) {
      report[path.relative(root, full)] = full;
    }
  }
}

walk(root);
for (const [relative, full] of Object.entries(report)) {
  const text = fs.readFileSync(full, 'utf8');
  try {
    report[relative] = { json: await parse(relative, text), formatted: (await format(text)) === text };
  } catch (error) {
    report[relative] = { error: String(error.message || error) };
  }
}
process.stdout.write(JSON.stringify(report));
