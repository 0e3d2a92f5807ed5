// Evaluates IAM requests with @cloud-copilot/iam-simulate, an implementation of AWS's policy evaluation logic that
// Skyport did not write. Reads a JSON array on stdin, one request each:
//   {id, principal, action, resource, accountId, context, identityPolicies: [policy], boundaries: [policy],
//    resourcePolicy}
// and prints a JSON array: {id, result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Error", errors}.
// A request the simulator finds malformed (an action IAM does not have, a resource the action cannot take, a
// condition key it does not know) is an "Error", never a decision.
import { runSimulation } from '@cloud-copilot/iam-simulate';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const named = (policies) => policies.map((policy, index) => ({ name: `policy${index}`, policy }));

const results = [];
for (const request of requests) {
  const simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.accountId },
      contextVariables: request.context || {},
    },
    identityPolicies: named(request.identityPolicies || []),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  if (request.boundaries && request.boundaries.length > 0) {
    simulation.permissionBoundaryPolicies = named(request.boundaries);
  }
  if (request.resourcePolicy) {
    simulation.resourcePolicy = request.resourcePolicy;
  }
  try {
    const response = await runSimulation(simulation, {});
    if (response.resultType === 'error') {
      results.push({ id: request.id, result: 'Error', errors: JSON.stringify(response.errors) });
    } else {
      results.push({ id: request.id, result: response.overallResult });
    }
  } catch (error) {
    results.push({ id: request.id, result: 'Error', errors: String(error.message || error) });
  }
}
process.stdout.write(JSON.stringify(results));
