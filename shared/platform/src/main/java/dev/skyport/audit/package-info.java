/**
 * The audit log: who did what, when, to what, with what outcome. Every state-changing request (the platform's
 * RequestAudit filter), every sign-in attempt and every workflow transition (the clusters stream publisher) is one
 * {@link dev.skyport.audit.domain.AuditEntry}, appended once and never changed; a person reads their own, an
 * administrator everyone's ({@link dev.skyport.audit.application.AuditLog}).
 * <p>
 * A platform capability every function uses (like {@code dev.skyport.mail}), not a bounded context of its own: it
 * knows no context, and contexts reach it only through the web plumbing or its application interface.
 */
package dev.skyport.audit;
