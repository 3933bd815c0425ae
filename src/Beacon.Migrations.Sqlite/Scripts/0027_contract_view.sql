-- Beacon schema, version 27 (SQLite): the commissioners' contract view (issue #18, ADR 20): the contract, its partners and
-- ring-fenced budgets, spend lines, the hardship fund and its payments, KPI targets (versioned) and benchmarks, and
-- spot-purchase prices. Money is integer pence; KPI figures are thousandths.

CREATE TABLE "contracts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_contracts" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "starts_on" TEXT NOT NULL,
    "ends_on" TEXT NOT NULL
);

CREATE TABLE "contract_partners" (
    "id" TEXT NOT NULL CONSTRAINT "pk_contract_partners" PRIMARY KEY,
    "contract_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "contribution_pence" INTEGER NOT NULL,
    CONSTRAINT "fk_contract_partners_contracts_contract_id" FOREIGN KEY ("contract_id") REFERENCES "contracts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_contract_partners_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_contract_partners_contract_id_organisation_id" ON "contract_partners" ("contract_id", "organisation_id");

CREATE INDEX "ix_contract_partners_organisation_id" ON "contract_partners" ("organisation_id");

CREATE TABLE "ring_fenced_budgets" (
    "id" TEXT NOT NULL CONSTRAINT "pk_ring_fenced_budgets" PRIMARY KEY,
    "contract_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "financial_year" INTEGER NOT NULL,
    "amount_pence" INTEGER NOT NULL,
    CONSTRAINT "fk_ring_fenced_budgets_contracts_contract_id" FOREIGN KEY ("contract_id") REFERENCES "contracts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_ring_fenced_budgets_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_ring_fenced_budgets_contract_id" ON "ring_fenced_budgets" ("contract_id");

CREATE UNIQUE INDEX "ix_ring_fenced_budgets_organisation_id_financial_year" ON "ring_fenced_budgets" ("organisation_id", "financial_year");

CREATE TABLE "spend_lines" (
    "id" TEXT NOT NULL CONSTRAINT "pk_spend_lines" PRIMARY KEY,
    "spent_on" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amount_pence" INTEGER NOT NULL,
    "note" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_spend_lines_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_spend_lines_organisation_id_spent_on" ON "spend_lines" ("organisation_id", "spent_on");

CREATE TABLE "hardship_pots" (
    "id" TEXT NOT NULL CONSTRAINT "pk_hardship_pots" PRIMARY KEY,
    "financial_year" INTEGER NOT NULL,
    "amount_pence" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ix_hardship_pots_financial_year" ON "hardship_pots" ("financial_year");

CREATE TABLE "hardship_payments" (
    "id" TEXT NOT NULL CONSTRAINT "pk_hardship_payments" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "amount_pence" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "paid_on" TEXT NOT NULL,
    "financial_year" INTEGER NOT NULL,
    "district_code" TEXT NOT NULL,
    "requested_by_id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "approved_by_id" TEXT NULL,
    "approved_by" TEXT NULL,
    "approved_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_hardship_payments_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_hardship_payments_child_id" ON "hardship_payments" ("child_id");

CREATE INDEX "ix_hardship_payments_financial_year" ON "hardship_payments" ("financial_year");

CREATE TABLE "kpi_targets" (
    "id" TEXT NOT NULL CONSTRAINT "pk_kpi_targets" PRIMARY KEY,
    "indicator" TEXT NOT NULL,
    "financial_year" INTEGER NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "target_milli" INTEGER NOT NULL,
    "green_milli" INTEGER NOT NULL,
    "amber_milli" INTEGER NOT NULL,
    "set_by" TEXT NOT NULL,
    "set_at" TEXT NOT NULL,
    CONSTRAINT "fk_kpi_targets_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_kpi_targets_indicator_financial_year_organisation_id_version" ON "kpi_targets" ("indicator", "financial_year", "organisation_id", "version");

CREATE INDEX "ix_kpi_targets_organisation_id" ON "kpi_targets" ("organisation_id");

CREATE TABLE "kpi_benchmarks" (
    "id" TEXT NOT NULL CONSTRAINT "pk_kpi_benchmarks" PRIMARY KEY,
    "indicator" TEXT NOT NULL,
    "value_milli" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "published_on" TEXT NOT NULL,
    "entered_by" TEXT NOT NULL,
    "entered_at" TEXT NOT NULL
);

CREATE INDEX "ix_kpi_benchmarks_indicator" ON "kpi_benchmarks" ("indicator");

CREATE TABLE "spot_purchase_prices" (
    "id" TEXT NOT NULL CONSTRAINT "pk_spot_purchase_prices" PRIMARY KEY,
    "organisation_id" TEXT NOT NULL,
    "financial_year" INTEGER NOT NULL,
    "price_pence" INTEGER NOT NULL,
    CONSTRAINT "fk_spot_purchase_prices_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_spot_purchase_prices_organisation_id_financial_year" ON "spot_purchase_prices" ("organisation_id", "financial_year");
