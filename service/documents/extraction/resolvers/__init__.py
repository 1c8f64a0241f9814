"""The billing-term resolvers behind :func:`service.documents.extraction.terms.extract_billing_terms`.

One module per topic, so each rule set can be read (and changed) without wading through the
others: ``sentences`` (candidate sentences, cues, evidence), ``finders`` (per-document
memoized normalizers), ``amount_context`` (what the words around an amount make of it), then
``payment``, ``money_terms``, ``rate_cards``, ``billing_models``, ``schedule``, ``period``,
``expenses`` and ``invoice_rules``.
"""
