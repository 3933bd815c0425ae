-- Beacon schema, version 27 (PostgreSQL): the commissioners' contract view (issue #18, ADR 20): the contract, its partners and
-- ring-fenced budgets, spend lines, the hardship fund and its payments, KPI targets (versioned) and benchmarks, and
-- spot-purchase prices. Money is integer pence; KPI figures are thousandths.

CREATE TABLE contracts (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    CONSTRAINT pk_contracts PRIMARY KEY (id)
);

CREATE TABLE contract_partners (
    id uuid NOT NULL,
    contract_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    contribution_pence bigint NOT NULL,
    CONSTRAINT pk_contract_partners PRIMARY KEY (id),
    CONSTRAINT fk_contract_partners_contracts_contract_id FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE RESTRICT,
    CONSTRAINT fk_contract_partners_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_contract_partners_contract_id_organisation_id ON contract_partners (contract_id, organisation_id);

CREATE INDEX ix_contract_partners_organisation_id ON contract_partners (organisation_id);

CREATE TABLE ring_fenced_budgets (
    id uuid NOT NULL,
    contract_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    financial_year integer NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT pk_ring_fenced_budgets PRIMARY KEY (id),
    CONSTRAINT fk_ring_fenced_budgets_contracts_contract_id FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE RESTRICT,
    CONSTRAINT fk_ring_fenced_budgets_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE INDEX ix_ring_fenced_budgets_contract_id ON ring_fenced_budgets (contract_id);

CREATE UNIQUE INDEX ix_ring_fenced_budgets_organisation_id_financial_year ON ring_fenced_budgets (organisation_id, financial_year);

CREATE TABLE spend_lines (
    id uuid NOT NULL,
    spent_on date NOT NULL,
    organisation_id uuid NOT NULL,
    category character varying(30) NOT NULL,
    amount_pence bigint NOT NULL,
    note character varying(500) NULL,
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_spend_lines PRIMARY KEY (id),
    CONSTRAINT fk_spend_lines_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE INDEX ix_spend_lines_organisation_id_spent_on ON spend_lines (organisation_id, spent_on);

CREATE TABLE hardship_pots (
    id uuid NOT NULL,
    financial_year integer NOT NULL,
    amount_pence bigint NOT NULL,
    CONSTRAINT pk_hardship_pots PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_hardship_pots_financial_year ON hardship_pots (financial_year);

CREATE TABLE hardship_payments (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    recipient character varying(10) NOT NULL,
    amount_pence bigint NOT NULL,
    purpose character varying(30) NOT NULL,
    paid_on date NOT NULL,
    financial_year integer NOT NULL,
    district_code character varying(9) NOT NULL,
    requested_by_id uuid NOT NULL,
    requested_by character varying(256) NOT NULL,
    approved_by_id uuid NULL,
    approved_by character varying(256) NULL,
    approved_at timestamp with time zone NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_hardship_payments PRIMARY KEY (id),
    CONSTRAINT fk_hardship_payments_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE INDEX ix_hardship_payments_child_id ON hardship_payments (child_id);

CREATE INDEX ix_hardship_payments_financial_year ON hardship_payments (financial_year);

CREATE TABLE kpi_targets (
    id uuid NOT NULL,
    indicator character varying(60) NOT NULL,
    financial_year integer NOT NULL,
    organisation_id uuid NOT NULL,
    version integer NOT NULL,
    target_milli bigint NOT NULL,
    green_milli bigint NOT NULL,
    amber_milli bigint NOT NULL,
    set_by character varying(256) NOT NULL,
    set_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_kpi_targets PRIMARY KEY (id),
    CONSTRAINT fk_kpi_targets_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_kpi_targets_indicator_financial_year_organisation_id_version ON kpi_targets (indicator, financial_year, organisation_id, version);

CREATE INDEX ix_kpi_targets_organisation_id ON kpi_targets (organisation_id);

CREATE TABLE kpi_benchmarks (
    id uuid NOT NULL,
    indicator character varying(60) NOT NULL,
    value_milli bigint NOT NULL,
    source character varying(500) NOT NULL,
    published_on date NOT NULL,
    entered_by character varying(256) NOT NULL,
    entered_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_kpi_benchmarks PRIMARY KEY (id)
);

CREATE INDEX ix_kpi_benchmarks_indicator ON kpi_benchmarks (indicator);

CREATE TABLE spot_purchase_prices (
    id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    financial_year integer NOT NULL,
    price_pence bigint NOT NULL,
    CONSTRAINT pk_spot_purchase_prices PRIMARY KEY (id),
    CONSTRAINT fk_spot_purchase_prices_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_spot_purchase_prices_organisation_id_financial_year ON spot_purchase_prices (organisation_id, financial_year);
