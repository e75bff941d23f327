# Billed interactions against verified recordings (view from the finance mart).
explore: billing_reconciliation {
  label: "Billing reconciliation"
  view_name: fct_billing_reconciliation
}
