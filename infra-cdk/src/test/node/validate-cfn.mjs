// Validates CloudFormation templates with @aws/cloudformation-validate (AWS's own rules and resource schemas, the
// version aws-cdk-lib ships); prints a JSON array of {template, severity, rule, message, path} for every finding.
import { RegoEngine, TemplateFile } from '@aws/cloudformation-validate';

const engine = new RegoEngine();
const findings = [];
try {
  for (const file of process.argv.slice(2)) {
    const report = engine.validateStandard(new TemplateFile(file));
    for (const d of report.diagnostics) {
      findings.push({ template: file, severity: String(d.severity), rule: d.ruleId, message: d.message,
        path: JSON.stringify(d.path ?? d.location ?? null) });
    }
    report.free?.();
  }
} finally {
  engine.free();
}
process.stdout.write(JSON.stringify(findings));
