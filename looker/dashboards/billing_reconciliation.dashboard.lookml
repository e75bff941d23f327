# Finance: which billed interactions have no verified recording, and what are they worth.
- dashboard: billing_reconciliation
  title: Billing reconciliation
  layout: newspaper
  preferred_viewer: dashboards-next
  description: "Billed interactions (finance's billing files) against verified recordings, per month, currency, client and reason"

  filters:
  - name: billing_month
    title: Billing month
    type: field_filter
    default_value: "1 month ago for 1 month"
    allow_multiple_values: true
    required: false
    model: genesys_compliance
    explore: billing_reconciliation
    field: fct_billing_reconciliation.billing_month

  - name: currency
    title: Currency
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: genesys_compliance
    explore: billing_reconciliation
    field: fct_billing_reconciliation.currency

  elements:
  - name: verified_billed_rate
    title: Billed interactions with a verified recording
    model: genesys_compliance
    explore: billing_reconciliation
    type: single_value
    fields: [fct_billing_reconciliation.verified_billed_rate, fct_billing_reconciliation.billed_interactions]
    listen:
      billing_month: fct_billing_reconciliation.billing_month
      currency: fct_billing_reconciliation.currency
    row: 0
    col: 0
    width: 8
    height: 4

  - name: totals_by_currency
    title: Billed, verified and unverified by currency
    model: genesys_compliance
    explore: billing_reconciliation
    type: looker_grid
    fields: [fct_billing_reconciliation.currency, fct_billing_reconciliation.billed_interactions,
      fct_billing_reconciliation.verified_billed_interactions, fct_billing_reconciliation.unverified_billed_interactions,
      fct_billing_reconciliation.verified_not_billed_interactions, fct_billing_reconciliation.total_billed_amount,
      fct_billing_reconciliation.unverified_billed_amount, fct_billing_reconciliation.unverified_amount_share]
    sorts: [fct_billing_reconciliation.currency]
    listen:
      billing_month: fct_billing_reconciliation.billing_month
      currency: fct_billing_reconciliation.currency
    row: 0
    col: 8
    width: 16
    height: 6

  - name: unverified_by_reason
    title: Unverified billed amount by reason
    model: genesys_compliance
    explore: billing_reconciliation
    type: looker_bar
    fields: [fct_billing_reconciliation.unverified_reason, fct_billing_reconciliation.currency,
      fct_billing_reconciliation.unverified_billed_interactions, fct_billing_reconciliation.unverified_billed_amount]
    pivots: [fct_billing_reconciliation.currency]
    filters:
      fct_billing_reconciliation.reconciliation_status: unverified
    sorts: [fct_billing_reconciliation.unverified_billed_amount desc 0]
    listen:
      billing_month: fct_billing_reconciliation.billing_month
      currency: fct_billing_reconciliation.currency
    row: 6
    col: 0
    width: 12
    height: 8

  - name: unverified_by_client
    title: Unverified billed interactions by client
    model: genesys_compliance
    explore: billing_reconciliation
    type: looker_grid
    fields: [fct_billing_reconciliation.client_id, fct_billing_reconciliation.currency,
      fct_billing_reconciliation.billed_interactions, fct_billing_reconciliation.unverified_billed_interactions,
      fct_billing_reconciliation.unverified_billed_amount, fct_billing_reconciliation.verified_billed_rate]
    sorts: [fct_billing_reconciliation.unverified_billed_amount desc]
    listen:
      billing_month: fct_billing_reconciliation.billing_month
      currency: fct_billing_reconciliation.currency
    row: 6
    col: 12
    width: 12
    height: 8

  - name: monthly_trend
    title: Verified share of billed interactions by month
    model: genesys_compliance
    explore: billing_reconciliation
    type: looker_line
    fields: [fct_billing_reconciliation.billing_month, fct_billing_reconciliation.verified_billed_rate,
      fct_billing_reconciliation.billed_interactions]
    sorts: [fct_billing_reconciliation.billing_month]
    listen:
      currency: fct_billing_reconciliation.currency
    row: 14
    col: 0
    width: 24
    height: 6

  - name: unverified_lines
    title: Unverified billed interactions
    model: genesys_compliance
    explore: billing_reconciliation
    type: looker_grid
    fields: [fct_billing_reconciliation.invoice_id, fct_billing_reconciliation.client_id,
      fct_billing_reconciliation.conversation_id, fct_billing_reconciliation.billed_time,
      fct_billing_reconciliation.currency, fct_billing_reconciliation.total_billed_amount,
      fct_billing_reconciliation.unverified_reason]
    filters:
      fct_billing_reconciliation.reconciliation_status: unverified
    sorts: [fct_billing_reconciliation.total_billed_amount desc]
    limit: 500
    listen:
      billing_month: fct_billing_reconciliation.billing_month
      currency: fct_billing_reconciliation.currency
    row: 20
    col: 0
    width: 24
    height: 10
