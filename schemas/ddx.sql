-- =============================================================================
-- ddx.sql — DDX template/pattern catalogue
--
-- Source: /work/shared/seeds/003_2cccf810aa2489ac.txt ("Data Design Generation
-- Prompt"), i.e. the SQL blocks of its sections 2, 3, 4, 5 and 6, merged into
-- one file that loads into a fresh, empty PostgreSQL 15 database.
--
-- Changes made so that it loads as a single file:
--   * Objects are created in dependency order: the function
--     validate_template_schema() before templates (its CHECK calls it), and
--     templates before projects (the document creates projects first although
--     projects.template_id references templates).
--   * The later ALTER TABLE statements are folded into the CREATE TABLEs:
--     the section 5 constraints (projects_name_length,
--     templates_description_required, patterns_config_valid,
--     templates_schema_valid and the redefined projects_template_id_fkey
--     with ON DELETE SET NULL ON UPDATE CASCADE), the soft-delete
--     "deleted_at" columns, and the tags column from migration
--     20240115_001 (its GIN index is kept further down).
--   * deleted_at is also added to projects: the document's queries filter
--     projects on it, but its DDL never creates it.
--   * migration_log, used by migrate_data_safely() but never defined in the
--     document, is created here.
--   * project_patterns is added: the junction table for the document's
--     "Many-to-Many: Projects -> Patterns (via application history)".
--   * migrate_data_safely(): its "WHERE migration_name = migration_name" is
--     ambiguous (parameter vs column) and fails at run time in PL/pgSQL; the
--     two sides are qualified here. Nothing else in it is changed.
--   * audit_trigger() is defined but NOT attached to any table: it reads
--     OLD/NEW.updated_by and NEW.created_by, which these tables lack.
--   * Left out: the migration's data statements (the UPDATE that backfills
--     tags and the INSERT into schema_migrations), its BEGIN/COMMIT, and
--     the section 4 example queries (they take a $1 parameter).
--   * COMMENTs come from the document's descriptions (mainly the erDiagram).
--
-- Uses only built-in PostgreSQL 15 features (gen_random_uuid() is built in).
-- =============================================================================


-- -----------------------------------------------------------------------------
-- Functions needed by table definitions
-- -----------------------------------------------------------------------------

-- Custom validation function (section 5). Used by templates_schema_valid.
CREATE OR REPLACE FUNCTION validate_template_schema(schema JSONB)
RETURNS BOOLEAN AS $$
BEGIN
    -- Check required schema fields
    IF NOT (schema ? 'variables' AND schema ? 'files') THEN
        RETURN FALSE;
    END IF;

    -- Validate variables structure
    IF jsonb_typeof(schema->'variables') != 'array' THEN
        RETURN FALSE;
    END IF;

    RETURN TRUE;
END;
$$ LANGUAGE plpgsql;


-- -----------------------------------------------------------------------------
-- Core entities (section 2, "Logical Data Model")
-- -----------------------------------------------------------------------------

-- Users table with audit fields
CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(255) NOT NULL,
    role VARCHAR(50) NOT NULL DEFAULT 'user',
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),

    -- Constraints
    CONSTRAINT users_email_check CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT users_role_check CHECK (role IN ('user', 'admin', 'contributor'))
);

-- Templates table with versioning
-- (created before projects, which references it)
CREATE TABLE templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    description TEXT NOT NULL,
    category VARCHAR(100) NOT NULL,
    version VARCHAR(50) NOT NULL,
    author_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The default '{}' would fail templates_schema_valid if it were used;
    -- the document has it this way, so inserts must supply a schema.
    schema JSONB NOT NULL DEFAULT '{}',
    published BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    -- Soft delete (section 3)
    deleted_at TIMESTAMP WITH TIME ZONE,
    -- From migration 20240115_001_add_template_tags (section 6)
    tags TEXT[] DEFAULT '{}',

    -- Constraints and indexes
    UNIQUE(name, version),
    CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+.*$'),

    -- Business rule constraints (section 5)
    CONSTRAINT templates_description_required
        CHECK (char_length(description) >= 10),
    CONSTRAINT templates_schema_valid
        CHECK (validate_template_schema(schema))
);

-- Projects table with JSON configuration
CREATE TABLE projects (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    description TEXT,
    owner_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    template_id UUID,
    configuration JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    -- Soft delete (used by the section 4 queries and indexes)
    deleted_at TIMESTAMP WITH TIME ZONE,

    -- Indexes
    UNIQUE(owner_id, name),

    -- Business rule constraints (section 5)
    CONSTRAINT projects_name_length
        CHECK (char_length(name) >= 2 AND char_length(name) <= 100),

    -- Referential integrity with cascade rules (section 5 final form)
    CONSTRAINT projects_template_id_fkey
        FOREIGN KEY (template_id) REFERENCES templates(id)
        ON DELETE SET NULL ON UPDATE CASCADE
);

-- Patterns table with usage tracking
CREATE TABLE patterns (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    description TEXT NOT NULL,
    template_id UUID NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    configuration JSONB NOT NULL DEFAULT '{}',
    usage_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    -- Soft delete (section 3)
    deleted_at TIMESTAMP WITH TIME ZONE,

    -- Constraints
    UNIQUE(template_id, name),
    CHECK (usage_count >= 0),

    -- Business rule constraints (section 5)
    CONSTRAINT patterns_config_valid
        CHECK (jsonb_typeof(configuration) = 'object')
);

-- Many-to-many Projects <-> Patterns ("via application history").
-- Not in the document's DDL; added from its relationship analysis.
CREATE TABLE project_patterns (
    project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    pattern_id UUID NOT NULL REFERENCES patterns(id) ON DELETE CASCADE,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, pattern_id)
);


-- -----------------------------------------------------------------------------
-- Audit trail pattern (section 3)
-- -----------------------------------------------------------------------------

-- Audit log for all data changes
CREATE TABLE audit_log (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    table_name VARCHAR(100) NOT NULL,
    record_id UUID NOT NULL,
    operation VARCHAR(10) NOT NULL, -- INSERT, UPDATE, DELETE
    old_values JSONB,
    new_values JSONB,
    changed_by UUID REFERENCES users(id),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

-- Trigger function for audit logging.
-- Defined only; deliberately not attached to any table, because it reads
-- updated_by / created_by columns that none of these tables has.
CREATE OR REPLACE FUNCTION audit_trigger()
RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO audit_log (table_name, record_id, operation, old_values, changed_by)
        VALUES (TG_TABLE_NAME, OLD.id, TG_OP, row_to_json(OLD), OLD.updated_by);
        RETURN OLD;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit_log (table_name, record_id, operation, old_values, new_values, changed_by)
        VALUES (TG_TABLE_NAME, NEW.id, TG_OP, row_to_json(OLD), row_to_json(NEW), NEW.updated_by);
        RETURN NEW;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (table_name, record_id, operation, new_values, changed_by)
        VALUES (TG_TABLE_NAME, NEW.id, TG_OP, row_to_json(NEW), NEW.created_by);
        RETURN NEW;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;


-- -----------------------------------------------------------------------------
-- Soft delete pattern (section 3)
-- (the deleted_at columns are in the CREATE TABLEs above)
-- -----------------------------------------------------------------------------

-- Views for active records
CREATE VIEW active_templates AS
SELECT * FROM templates WHERE deleted_at IS NULL;

CREATE VIEW active_patterns AS
SELECT * FROM patterns WHERE deleted_at IS NULL;

-- Soft delete function
CREATE OR REPLACE FUNCTION soft_delete(table_name TEXT, record_id UUID)
RETURNS VOID AS $$
BEGIN
    EXECUTE format('UPDATE %I SET deleted_at = NOW() WHERE id = $1', table_name)
    USING record_id;
END;
$$ LANGUAGE plpgsql;


-- -----------------------------------------------------------------------------
-- Versioning pattern (section 3)
-- -----------------------------------------------------------------------------

-- Template versioning with history
CREATE TABLE template_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    template_id UUID NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    version VARCHAR(50) NOT NULL,
    content JSONB NOT NULL,
    changelog TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    created_by UUID NOT NULL REFERENCES users(id),

    UNIQUE(template_id, version)
);

-- Function to create new version
CREATE OR REPLACE FUNCTION create_template_version(
    p_template_id UUID,
    p_version VARCHAR(50),
    p_content JSONB,
    p_changelog TEXT,
    p_created_by UUID
) RETURNS UUID AS $$
DECLARE
    v_version_id UUID;
BEGIN
    -- Insert new version
    INSERT INTO template_versions (template_id, version, content, changelog, created_by)
    VALUES (p_template_id, p_version, p_content, p_changelog, p_created_by)
    RETURNING id INTO v_version_id;

    -- Update main template record
    UPDATE templates
    SET version = p_version, updated_at = NOW()
    WHERE id = p_template_id;

    RETURN v_version_id;
END;
$$ LANGUAGE plpgsql;


-- -----------------------------------------------------------------------------
-- Migration strategy (section 6)
-- -----------------------------------------------------------------------------

-- Migration versioning
CREATE TABLE schema_migrations (
    version VARCHAR(50) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    checksum VARCHAR(64) NOT NULL
);

-- Log of data migrations run through migrate_data_safely().
-- Not defined in the document; its columns are the ones that function uses.
CREATE TABLE migration_log (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    migration_name TEXT NOT NULL,
    status VARCHAR(20) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    completed_at TIMESTAMP WITH TIME ZONE,
    error_message TEXT
);

-- Safe data migration function.
-- As in the document, except that "migration_name = migration_name" is
-- qualified (table column = function parameter); unqualified, PL/pgSQL
-- rejects it at run time as an ambiguous column reference.
CREATE OR REPLACE FUNCTION migrate_data_safely(
    migration_name TEXT,
    migration_sql TEXT
) RETURNS VOID AS $$
DECLARE
    backup_table TEXT;
BEGIN
    -- Create backup
    backup_table := migration_name || '_backup_' || extract(epoch from now())::text;

    -- Log migration start
    INSERT INTO migration_log (migration_name, status, started_at)
    VALUES (migration_name, 'STARTED', NOW());

    -- Execute migration in transaction
    BEGIN
        EXECUTE migration_sql;

        -- Log success
        UPDATE migration_log
        SET status = 'COMPLETED', completed_at = NOW()
        WHERE migration_log.migration_name = migrate_data_safely.migration_name
          AND status = 'STARTED';

    EXCEPTION WHEN OTHERS THEN
        -- Log failure
        UPDATE migration_log
        SET status = 'FAILED', error_message = SQLERRM, completed_at = NOW()
        WHERE migration_log.migration_name = migrate_data_safely.migration_name
          AND status = 'STARTED';

        RAISE;
    END;
END;
$$ LANGUAGE plpgsql;


-- -----------------------------------------------------------------------------
-- Performance optimizations (section 4)
-- -----------------------------------------------------------------------------

-- Indexes for common access patterns
CREATE INDEX idx_projects_owner_id ON projects(owner_id);
CREATE INDEX idx_projects_template_id ON projects(template_id);
CREATE INDEX idx_projects_updated_at ON projects(updated_at DESC);

CREATE INDEX idx_templates_category ON templates(category);
CREATE INDEX idx_templates_published ON templates(published) WHERE published = true;
CREATE INDEX idx_templates_name_gin ON templates USING gin(to_tsvector('english', name));

CREATE INDEX idx_patterns_template_id ON patterns(template_id);
CREATE INDEX idx_patterns_usage_count ON patterns(usage_count DESC);

-- Partial indexes for soft deletes
CREATE INDEX idx_templates_active ON templates(id) WHERE deleted_at IS NULL;
CREATE INDEX idx_patterns_active ON patterns(id) WHERE deleted_at IS NULL;

-- Composite indexes for complex queries
CREATE INDEX idx_projects_owner_active ON projects(owner_id, updated_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_templates_category_published ON templates(category, name) WHERE published = true AND deleted_at IS NULL;

-- Index for array operations on tags (migration 20240115_001)
CREATE INDEX idx_templates_tags ON templates USING gin(tags);


-- -----------------------------------------------------------------------------
-- Comments (from the document's descriptions)
-- -----------------------------------------------------------------------------

COMMENT ON TABLE users IS 'Users table with audit fields';
COMMENT ON COLUMN users.id IS 'Unique identifier';
COMMENT ON COLUMN users.email IS 'Email address';
COMMENT ON COLUMN users.name IS 'Full name';
COMMENT ON COLUMN users.role IS 'user, admin, contributor';
COMMENT ON COLUMN users.active IS 'Account status';
COMMENT ON COLUMN users.created_at IS 'Account creation';

COMMENT ON TABLE templates IS 'Templates table with versioning';
COMMENT ON COLUMN templates.category IS 'Framework, language, etc';
COMMENT ON COLUMN templates.version IS 'Semantic version';
COMMENT ON COLUMN templates.author_id IS 'References USER.id';
COMMENT ON COLUMN templates.schema IS 'Template schema';
COMMENT ON COLUMN templates.published IS 'Public availability';
COMMENT ON COLUMN templates.deleted_at IS 'Soft delete marker; NULL means active';
COMMENT ON COLUMN templates.tags IS 'Tags array (migration 20240115_001_add_template_tags)';

COMMENT ON TABLE projects IS 'Projects table with JSON configuration';
COMMENT ON COLUMN projects.owner_id IS 'References USER.id';
COMMENT ON COLUMN projects.template_id IS 'Base template used';
COMMENT ON COLUMN projects.configuration IS 'DDX configuration';
COMMENT ON COLUMN projects.deleted_at IS 'Soft delete marker; NULL means active';

COMMENT ON TABLE patterns IS 'Patterns table with usage tracking';
COMMENT ON COLUMN patterns.template_id IS 'Associated template';
COMMENT ON COLUMN patterns.configuration IS 'Pattern config';
COMMENT ON COLUMN patterns.usage_count IS 'Times applied';
COMMENT ON COLUMN patterns.deleted_at IS 'Soft delete marker; NULL means active';

COMMENT ON TABLE project_patterns IS 'Many-to-many: Projects -> Patterns (via application history)';
COMMENT ON COLUMN project_patterns.applied_at IS 'When the pattern was applied to the project';

COMMENT ON TABLE audit_log IS 'Audit log for all data changes';
COMMENT ON COLUMN audit_log.operation IS 'INSERT, UPDATE, DELETE';

COMMENT ON TABLE template_versions IS 'Template versioning with history';

COMMENT ON TABLE schema_migrations IS 'Migration versioning';

COMMENT ON TABLE migration_log IS 'Log of data migrations run by migrate_data_safely()';
COMMENT ON COLUMN migration_log.status IS 'STARTED, COMPLETED or FAILED';

COMMENT ON VIEW active_templates IS 'Active (not soft-deleted) templates';
COMMENT ON VIEW active_patterns IS 'Active (not soft-deleted) patterns';
