/*
 * Third-party modules every run loads, evaluated once per worker thread and shared (frozen) instead of once
 * per workflow execution: jsonata alone parses the signatures of its ~70 built-in functions when loaded,
 * which cost more CPU than the rest of a short run's workflow code. Only modules that keep no state of
 * their own after loading belong here; Steadfast's own modules are evaluated per execution.
 */
export const SHARED_WORKFLOW_MODULES = ['jsonata', 'ipaddr.js', 'fast-json-patch', 'ms'];
