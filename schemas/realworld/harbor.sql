-- harbor: repository https://github.com/goharbor/harbor (Harbor container registry, Go; golang-migrate plain SQL migrations)
-- path: make/migrations/postgresql/*.up.sql (39 files, file-name order)
-- commit: c50c7ddd6ea4e335a480b49c618281882ab7eec9   licence: Apache-2.0 (LICENSE)
-- edits: prefixed with the schema_migrations table golang-migrate creates (version bigint PRIMARY KEY, dirty boolean; two
--   migrations ALTER it); ';' appended after each file; applied to an empty PostgreSQL 15 database (0 errors) and dumped with
--   'pg_dump --schema-only --no-owner --no-privileges' (this file), which leaves out the rows the migrations insert (default
--   project 'library', admin user, roles, properties, schedules ...).
--
-- PostgreSQL database dump
--

\restrict 6iSJUhKAnSdoe4cH777J76cRlybeAM8I0jLVHBOqc0uSn1zkf6jgP50xyZT0SMg

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: update_update_time_at_column(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.update_update_time_at_column() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
  BEGIN
    NEW.update_time = NOW();
    RETURN NEW;
  END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: access; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.access (
    access_id integer NOT NULL,
    access_code character(1),
    comment character varying(30)
);


--
-- Name: access_access_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.access_access_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: access_access_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.access_access_id_seq OWNED BY public.access.access_id;


--
-- Name: alembic_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: artifact; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.artifact (
    id integer NOT NULL,
    project_id integer NOT NULL,
    repository_name character varying(255) NOT NULL,
    digest character varying(255) NOT NULL,
    type character varying(255) NOT NULL,
    pull_time timestamp without time zone,
    push_time timestamp without time zone,
    repository_id integer NOT NULL,
    media_type character varying(255) NOT NULL,
    manifest_media_type character varying(255) NOT NULL,
    size bigint,
    extra_attrs text,
    annotations jsonb,
    icon character varying(255),
    artifact_type character varying(255) NOT NULL
);


--
-- Name: artifact_accessory; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.artifact_accessory (
    id integer NOT NULL,
    artifact_id bigint,
    subject_artifact_id bigint,
    type character varying(256),
    size bigint,
    digest character varying(1024),
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    subject_artifact_digest character varying(1024),
    subject_artifact_repo character varying(1024),
    source character varying(50) DEFAULT 'local'::character varying
);


--
-- Name: artifact_accessory_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.artifact_accessory_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: artifact_accessory_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.artifact_accessory_id_seq OWNED BY public.artifact_accessory.id;


--
-- Name: artifact_blob; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.artifact_blob (
    id integer NOT NULL,
    digest_af character varying(255) NOT NULL,
    digest_blob character varying(255) NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: artifact_blob_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.artifact_blob_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: artifact_blob_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.artifact_blob_id_seq OWNED BY public.artifact_blob.id;


--
-- Name: artifact_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.artifact_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: artifact_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.artifact_id_seq OWNED BY public.artifact.id;


--
-- Name: artifact_reference; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.artifact_reference (
    id integer NOT NULL,
    parent_id integer NOT NULL,
    child_id integer NOT NULL,
    child_digest character varying(255) NOT NULL,
    platform character varying(255),
    urls character varying(1024),
    annotations jsonb
);


--
-- Name: artifact_reference_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.artifact_reference_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: artifact_reference_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.artifact_reference_id_seq OWNED BY public.artifact_reference.id;


--
-- Name: artifact_trash; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.artifact_trash (
    id integer NOT NULL,
    media_type character varying(255) NOT NULL,
    manifest_media_type character varying(255) NOT NULL,
    repository_name character varying(255) NOT NULL,
    digest character varying(255) NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: artifact_trash_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.artifact_trash_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: artifact_trash_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.artifact_trash_id_seq OWNED BY public.artifact_trash.id;


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id integer NOT NULL,
    project_id integer NOT NULL,
    operation character varying(20) NOT NULL,
    resource_type character varying(255) NOT NULL,
    resource character varying(1024) NOT NULL,
    username character varying(255) NOT NULL,
    op_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: audit_log_ext; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log_ext (
    id bigint NOT NULL,
    project_id bigint,
    operation character varying(50),
    resource_type character varying(255),
    resource character varying(1024),
    username character varying(255),
    op_desc character varying(1024),
    op_result boolean DEFAULT true,
    payload text,
    source_ip character varying(50),
    op_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: audit_log_ext_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_ext_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_ext_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_ext_id_seq OWNED BY public.audit_log_ext.id;


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: blob; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blob (
    id integer NOT NULL,
    digest character varying(255) NOT NULL,
    content_type character varying(1024) NOT NULL,
    size bigint NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    status character varying(255) DEFAULT 'none'::character varying,
    version bigint DEFAULT 0
);


--
-- Name: blob_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.blob_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blob_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.blob_id_seq OWNED BY public.blob.id;


--
-- Name: cve_allowlist; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cve_allowlist (
    id integer NOT NULL,
    project_id integer,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    expires_at bigint,
    items text NOT NULL
);


--
-- Name: cve_whitelist_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.cve_whitelist_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: cve_whitelist_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.cve_whitelist_id_seq OWNED BY public.cve_allowlist.id;


--
-- Name: data_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.data_migrations (
    id integer NOT NULL,
    version integer,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: data_migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.data_migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: data_migrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.data_migrations_id_seq OWNED BY public.data_migrations.id;


--
-- Name: execution; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.execution (
    id integer NOT NULL,
    vendor_type character varying(64) NOT NULL,
    vendor_id integer,
    status character varying(16),
    status_message text,
    trigger character varying(16) NOT NULL,
    extra_attrs json,
    start_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    end_time timestamp without time zone,
    revision integer,
    update_time timestamp without time zone
);


--
-- Name: execution_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.execution_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: execution_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.execution_id_seq OWNED BY public.execution.id;


--
-- Name: harbor_label; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.harbor_label (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    description text,
    color character varying(16),
    level character(1) NOT NULL,
    scope character(1) NOT NULL,
    project_id integer,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    deleted boolean DEFAULT false NOT NULL
);


--
-- Name: harbor_label_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.harbor_label_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: harbor_label_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.harbor_label_id_seq OWNED BY public.harbor_label.id;


--
-- Name: harbor_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.harbor_user (
    user_id integer NOT NULL,
    username character varying(255),
    email character varying(255),
    password character varying(40) NOT NULL,
    realname character varying(255) NOT NULL,
    comment character varying(30),
    deleted boolean DEFAULT false NOT NULL,
    reset_uuid character varying(40) DEFAULT NULL::character varying,
    salt character varying(40) DEFAULT NULL::character varying,
    sysadmin_flag boolean DEFAULT false NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    password_version character varying(16) DEFAULT 'sha256'::character varying
);


--
-- Name: harbor_user_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.harbor_user_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: harbor_user_user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.harbor_user_user_id_seq OWNED BY public.harbor_user.user_id;


--
-- Name: immutable_tag_rule; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.immutable_tag_rule (
    id integer NOT NULL,
    project_id integer NOT NULL,
    tag_filter text,
    disabled boolean DEFAULT false NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: immutable_tag_rule_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.immutable_tag_rule_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: immutable_tag_rule_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.immutable_tag_rule_id_seq OWNED BY public.immutable_tag_rule.id;


--
-- Name: job_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.job_log (
    log_id integer NOT NULL,
    job_uuid character varying(64) NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    content text
);


--
-- Name: job_log_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.job_log_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: job_log_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.job_log_log_id_seq OWNED BY public.job_log.log_id;


--
-- Name: job_queue_status; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.job_queue_status (
    id integer NOT NULL,
    job_type character varying(256) NOT NULL,
    paused boolean DEFAULT false NOT NULL,
    update_time timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: job_queue_status_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.job_queue_status_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: job_queue_status_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.job_queue_status_id_seq OWNED BY public.job_queue_status.id;


--
-- Name: label_reference; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.label_reference (
    id integer NOT NULL,
    label_id integer NOT NULL,
    artifact_id integer NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: label_reference_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.label_reference_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: label_reference_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.label_reference_id_seq OWNED BY public.label_reference.id;


--
-- Name: notification_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_policy (
    id integer NOT NULL,
    name character varying(256),
    project_id integer NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    description text,
    targets text,
    event_types text,
    creator character varying(256),
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: notification_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.notification_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: notification_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.notification_policy_id_seq OWNED BY public.notification_policy.id;


--
-- Name: oidc_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oidc_user (
    id integer NOT NULL,
    user_id integer NOT NULL,
    secret character varying(255) NOT NULL,
    subiss character varying(255) NOT NULL,
    token text,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: oidc_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.oidc_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: oidc_user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.oidc_user_id_seq OWNED BY public.oidc_user.id;


--
-- Name: p2p_preheat_instance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.p2p_preheat_instance (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    description character varying(255),
    vendor character varying(255) NOT NULL,
    endpoint character varying(255) NOT NULL,
    auth_mode character varying(255),
    auth_data text,
    enabled boolean,
    is_default boolean,
    insecure boolean,
    setup_timestamp bigint
);


--
-- Name: p2p_preheat_instance_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.p2p_preheat_instance_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: p2p_preheat_instance_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.p2p_preheat_instance_id_seq OWNED BY public.p2p_preheat_instance.id;


--
-- Name: p2p_preheat_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.p2p_preheat_policy (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    description character varying(1024),
    project_id integer NOT NULL,
    provider_id integer NOT NULL,
    filters character varying(1024),
    trigger character varying(255),
    enabled boolean,
    creation_time timestamp without time zone,
    update_time timestamp without time zone,
    extra_attrs text
);


--
-- Name: p2p_preheat_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.p2p_preheat_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: p2p_preheat_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.p2p_preheat_policy_id_seq OWNED BY public.p2p_preheat_policy.id;


--
-- Name: permission_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.permission_policy (
    id bigint NOT NULL,
    scope character varying(255) NOT NULL,
    resource character varying(255),
    action character varying(255),
    effect character varying(255),
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: permission_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.permission_policy_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: permission_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.permission_policy_id_seq OWNED BY public.permission_policy.id;


--
-- Name: project; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project (
    project_id integer NOT NULL,
    owner_id integer NOT NULL,
    name character varying(255) NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    deleted boolean DEFAULT false NOT NULL,
    registry_id integer
);


--
-- Name: project_blob; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project_blob (
    id integer NOT NULL,
    project_id integer NOT NULL,
    blob_id integer NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: project_blob_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.project_blob_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: project_blob_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.project_blob_id_seq OWNED BY public.project_blob.id;


--
-- Name: project_member; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project_member (
    id integer NOT NULL,
    project_id integer NOT NULL,
    entity_id integer NOT NULL,
    entity_type character(1) NOT NULL,
    role integer NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: project_member_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.project_member_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: project_member_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.project_member_id_seq OWNED BY public.project_member.id;


--
-- Name: project_metadata; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project_metadata (
    id integer NOT NULL,
    project_id integer NOT NULL,
    name character varying(255) NOT NULL,
    value character varying(255),
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: project_metadata_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.project_metadata_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: project_metadata_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.project_metadata_id_seq OWNED BY public.project_metadata.id;


--
-- Name: project_project_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.project_project_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: project_project_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.project_project_id_seq OWNED BY public.project.project_id;


--
-- Name: properties; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.properties (
    id integer NOT NULL,
    k character varying(64) NOT NULL,
    v text NOT NULL
);


--
-- Name: properties_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.properties_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: properties_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.properties_id_seq OWNED BY public.properties.id;


--
-- Name: quota; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.quota (
    id integer NOT NULL,
    reference character varying(255) NOT NULL,
    reference_id character varying(255) NOT NULL,
    hard jsonb NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    version bigint DEFAULT 0
);


--
-- Name: quota_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.quota_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: quota_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.quota_id_seq OWNED BY public.quota.id;


--
-- Name: quota_usage; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.quota_usage (
    id integer NOT NULL,
    reference character varying(255) NOT NULL,
    reference_id character varying(255) NOT NULL,
    used jsonb NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    version bigint DEFAULT 0
);


--
-- Name: quota_usage_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.quota_usage_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: quota_usage_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.quota_usage_id_seq OWNED BY public.quota_usage.id;


--
-- Name: registry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.registry (
    id integer NOT NULL,
    name character varying(64),
    url character varying(256),
    access_key character varying(4096),
    access_secret character varying(4096),
    insecure boolean DEFAULT false NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    credential_type character varying(16),
    type character varying(32),
    description text,
    health character varying(16),
    ca_certificate text
);


--
-- Name: replication_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.replication_policy (
    id integer NOT NULL,
    name character varying(256),
    dest_registry_id integer,
    enabled boolean DEFAULT true NOT NULL,
    description text,
    deleted boolean DEFAULT false NOT NULL,
    trigger character varying(256),
    filters character varying(1024),
    replicate_deletion boolean DEFAULT false NOT NULL,
    start_time timestamp without time zone,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    creator character varying(256),
    src_registry_id integer,
    dest_namespace character varying(256),
    override boolean,
    dest_namespace_replace_count integer,
    speed_kb integer,
    copy_by_chunk boolean,
    single_active_replication boolean
);


--
-- Name: replication_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.replication_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: replication_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.replication_policy_id_seq OWNED BY public.replication_policy.id;


--
-- Name: replication_target_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.replication_target_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: replication_target_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.replication_target_id_seq OWNED BY public.registry.id;


--
-- Name: report_vulnerability_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.report_vulnerability_record (
    id bigint NOT NULL,
    report_uuid text DEFAULT ''::text NOT NULL,
    vuln_record_id bigint DEFAULT 0 NOT NULL
);


--
-- Name: report_vulnerability_record_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.report_vulnerability_record_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: report_vulnerability_record_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.report_vulnerability_record_id_seq OWNED BY public.report_vulnerability_record.id;


--
-- Name: repository; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.repository (
    repository_id integer NOT NULL,
    name character varying(255) NOT NULL,
    project_id integer NOT NULL,
    description text,
    pull_count integer DEFAULT 0 NOT NULL,
    star_count integer DEFAULT 0 NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: repository_repository_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.repository_repository_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: repository_repository_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.repository_repository_id_seq OWNED BY public.repository.repository_id;


--
-- Name: retention_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.retention_policy (
    id integer NOT NULL,
    scope_level character varying(20),
    scope_reference integer,
    trigger_kind character varying(20),
    data text,
    create_time timestamp without time zone,
    update_time timestamp without time zone
);


--
-- Name: retention_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.retention_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: retention_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.retention_policy_id_seq OWNED BY public.retention_policy.id;


--
-- Name: robot; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.robot (
    id bigint NOT NULL,
    name character varying(255),
    description character varying(1024),
    project_id integer,
    expiresat bigint,
    disabled boolean DEFAULT false NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    visible boolean DEFAULT true NOT NULL,
    secret character varying(2048),
    salt character varying(64),
    duration integer,
    creator_ref bigint DEFAULT 0,
    creator_type character varying(255)
);


--
-- Name: robot_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.robot_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    MAXVALUE 9007199254740991
    CACHE 1;


--
-- Name: robot_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.robot_id_seq OWNED BY public.robot.id;


--
-- Name: role; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role (
    role_id integer NOT NULL,
    role_mask integer DEFAULT 0 NOT NULL,
    role_code character varying(20),
    name character varying(20)
);


--
-- Name: role_permission; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_permission (
    id bigint NOT NULL,
    role_type character varying(255) NOT NULL,
    role_id bigint NOT NULL,
    permission_policy_id bigint NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: role_permission_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.role_permission_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: role_permission_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.role_permission_id_seq OWNED BY public.role_permission.id;


--
-- Name: role_role_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.role_role_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: role_role_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.role_role_id_seq OWNED BY public.role.role_id;


--
-- Name: sbom_report; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sbom_report (
    id integer NOT NULL,
    uuid character varying(64) NOT NULL,
    artifact_id integer NOT NULL,
    registration_uuid character varying(64) NOT NULL,
    mime_type character varying(256) NOT NULL,
    media_type character varying(256) NOT NULL,
    report json
);


--
-- Name: sbom_report_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sbom_report_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sbom_report_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sbom_report_id_seq OWNED BY public.sbom_report.id;


--
-- Name: scan_report; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.scan_report (
    id integer NOT NULL,
    uuid character varying(64) NOT NULL,
    digest character varying(256) NOT NULL,
    registration_uuid character varying(64) NOT NULL,
    mime_type character varying(256) NOT NULL,
    report json,
    critical_cnt bigint,
    high_cnt bigint,
    medium_cnt bigint,
    low_cnt bigint,
    none_cnt bigint,
    unknown_cnt bigint,
    fixable_cnt bigint
);


--
-- Name: scan_report_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.scan_report_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: scan_report_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.scan_report_id_seq OWNED BY public.scan_report.id;


--
-- Name: scanner_registration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.scanner_registration (
    id integer NOT NULL,
    uuid character varying(64) NOT NULL,
    url character varying(256) NOT NULL,
    name character varying(128) NOT NULL,
    description character varying(1024),
    auth character varying(16) NOT NULL,
    access_cred character varying(512),
    disabled boolean DEFAULT false NOT NULL,
    is_default boolean DEFAULT false NOT NULL,
    use_internal_addr boolean DEFAULT false NOT NULL,
    immutable boolean DEFAULT false NOT NULL,
    skip_cert_verify boolean DEFAULT false NOT NULL,
    create_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: scanner_registration_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.scanner_registration_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: scanner_registration_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.scanner_registration_id_seq OWNED BY public.scanner_registration.id;


--
-- Name: schedule; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schedule (
    id integer NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    vendor_type character varying(64),
    vendor_id integer,
    cron character varying(64),
    callback_func_name character varying(128),
    callback_func_param text,
    cron_type character varying(64),
    extra_attrs json,
    revision bigint
);


--
-- Name: schedule_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.schedule_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: schedule_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.schedule_id_seq OWNED BY public.schedule.id;


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version bigint NOT NULL,
    dirty boolean NOT NULL
);


--
-- Name: system_artifact; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.system_artifact (
    id integer NOT NULL,
    repository character varying(256) NOT NULL,
    digest character varying(255) DEFAULT ''::character varying NOT NULL,
    size bigint DEFAULT 0 NOT NULL,
    vendor character varying(255) DEFAULT ''::character varying NOT NULL,
    type character varying(255) DEFAULT ''::character varying NOT NULL,
    create_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    extra_attrs text DEFAULT ''::text NOT NULL
);


--
-- Name: system_artifact_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.system_artifact_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: system_artifact_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.system_artifact_id_seq OWNED BY public.system_artifact.id;


--
-- Name: tag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tag (
    id integer NOT NULL,
    repository_id integer NOT NULL,
    artifact_id integer NOT NULL,
    name character varying(255) NOT NULL,
    push_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    pull_time timestamp without time zone
);


--
-- Name: tag_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tag_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tag_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tag_id_seq OWNED BY public.tag.id;


--
-- Name: task; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.task (
    id integer NOT NULL,
    execution_id integer NOT NULL,
    job_id character varying(64),
    status character varying(16) NOT NULL,
    status_code integer NOT NULL,
    status_revision bigint,
    status_message text,
    run_count integer,
    extra_attrs json,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    start_time timestamp without time zone,
    update_time timestamp without time zone,
    end_time timestamp without time zone,
    vendor_type character varying(64) NOT NULL
);


--
-- Name: task_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.task_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: task_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.task_id_seq OWNED BY public.task.id;


--
-- Name: user_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_group (
    id integer NOT NULL,
    group_name character varying(255) NOT NULL,
    group_type smallint DEFAULT 0,
    ldap_group_dn character varying(512) NOT NULL,
    creation_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    update_time timestamp without time zone DEFAULT CURRENT_TIMESTAMP
);


--
-- Name: user_group_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.user_group_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: user_group_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.user_group_id_seq OWNED BY public.user_group.id;


--
-- Name: vulnerability_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vulnerability_record (
    id bigint NOT NULL,
    cve_id text DEFAULT ''::text NOT NULL,
    registration_uuid text DEFAULT ''::text NOT NULL,
    package text DEFAULT ''::text NOT NULL,
    package_version text DEFAULT ''::text NOT NULL,
    package_type text DEFAULT ''::text NOT NULL,
    severity text DEFAULT ''::text NOT NULL,
    fixed_version text,
    urls text,
    cvss_score_v3 double precision,
    cvss_score_v2 double precision,
    cvss_vector_v3 text,
    cvss_vector_v2 text,
    description text,
    cwe_ids text,
    vendor_attributes json,
    status text
);


--
-- Name: vulnerability_record_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.vulnerability_record_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: vulnerability_record_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.vulnerability_record_id_seq OWNED BY public.vulnerability_record.id;


--
-- Name: access access_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access ALTER COLUMN access_id SET DEFAULT nextval('public.access_access_id_seq'::regclass);


--
-- Name: artifact id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact ALTER COLUMN id SET DEFAULT nextval('public.artifact_id_seq'::regclass);


--
-- Name: artifact_accessory id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_accessory ALTER COLUMN id SET DEFAULT nextval('public.artifact_accessory_id_seq'::regclass);


--
-- Name: artifact_blob id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_blob ALTER COLUMN id SET DEFAULT nextval('public.artifact_blob_id_seq'::regclass);


--
-- Name: artifact_reference id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_reference ALTER COLUMN id SET DEFAULT nextval('public.artifact_reference_id_seq'::regclass);


--
-- Name: artifact_trash id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_trash ALTER COLUMN id SET DEFAULT nextval('public.artifact_trash_id_seq'::regclass);


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: audit_log_ext id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log_ext ALTER COLUMN id SET DEFAULT nextval('public.audit_log_ext_id_seq'::regclass);


--
-- Name: blob id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blob ALTER COLUMN id SET DEFAULT nextval('public.blob_id_seq'::regclass);


--
-- Name: cve_allowlist id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cve_allowlist ALTER COLUMN id SET DEFAULT nextval('public.cve_whitelist_id_seq'::regclass);


--
-- Name: data_migrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.data_migrations ALTER COLUMN id SET DEFAULT nextval('public.data_migrations_id_seq'::regclass);


--
-- Name: execution id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.execution ALTER COLUMN id SET DEFAULT nextval('public.execution_id_seq'::regclass);


--
-- Name: harbor_label id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_label ALTER COLUMN id SET DEFAULT nextval('public.harbor_label_id_seq'::regclass);


--
-- Name: harbor_user user_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_user ALTER COLUMN user_id SET DEFAULT nextval('public.harbor_user_user_id_seq'::regclass);


--
-- Name: immutable_tag_rule id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.immutable_tag_rule ALTER COLUMN id SET DEFAULT nextval('public.immutable_tag_rule_id_seq'::regclass);


--
-- Name: job_log log_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_log ALTER COLUMN log_id SET DEFAULT nextval('public.job_log_log_id_seq'::regclass);


--
-- Name: job_queue_status id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_queue_status ALTER COLUMN id SET DEFAULT nextval('public.job_queue_status_id_seq'::regclass);


--
-- Name: label_reference id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_reference ALTER COLUMN id SET DEFAULT nextval('public.label_reference_id_seq'::regclass);


--
-- Name: notification_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_policy ALTER COLUMN id SET DEFAULT nextval('public.notification_policy_id_seq'::regclass);


--
-- Name: oidc_user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oidc_user ALTER COLUMN id SET DEFAULT nextval('public.oidc_user_id_seq'::regclass);


--
-- Name: p2p_preheat_instance id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.p2p_preheat_instance ALTER COLUMN id SET DEFAULT nextval('public.p2p_preheat_instance_id_seq'::regclass);


--
-- Name: p2p_preheat_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.p2p_preheat_policy ALTER COLUMN id SET DEFAULT nextval('public.p2p_preheat_policy_id_seq'::regclass);


--
-- Name: permission_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.permission_policy ALTER COLUMN id SET DEFAULT nextval('public.permission_policy_id_seq'::regclass);


--
-- Name: project project_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project ALTER COLUMN project_id SET DEFAULT nextval('public.project_project_id_seq'::regclass);


--
-- Name: project_blob id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_blob ALTER COLUMN id SET DEFAULT nextval('public.project_blob_id_seq'::regclass);


--
-- Name: project_member id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_member ALTER COLUMN id SET DEFAULT nextval('public.project_member_id_seq'::regclass);


--
-- Name: project_metadata id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_metadata ALTER COLUMN id SET DEFAULT nextval('public.project_metadata_id_seq'::regclass);


--
-- Name: properties id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.properties ALTER COLUMN id SET DEFAULT nextval('public.properties_id_seq'::regclass);


--
-- Name: quota id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quota ALTER COLUMN id SET DEFAULT nextval('public.quota_id_seq'::regclass);


--
-- Name: quota_usage id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quota_usage ALTER COLUMN id SET DEFAULT nextval('public.quota_usage_id_seq'::regclass);


--
-- Name: registry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registry ALTER COLUMN id SET DEFAULT nextval('public.replication_target_id_seq'::regclass);


--
-- Name: replication_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.replication_policy ALTER COLUMN id SET DEFAULT nextval('public.replication_policy_id_seq'::regclass);


--
-- Name: report_vulnerability_record id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report_vulnerability_record ALTER COLUMN id SET DEFAULT nextval('public.report_vulnerability_record_id_seq'::regclass);


--
-- Name: repository repository_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository ALTER COLUMN repository_id SET DEFAULT nextval('public.repository_repository_id_seq'::regclass);


--
-- Name: retention_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.retention_policy ALTER COLUMN id SET DEFAULT nextval('public.retention_policy_id_seq'::regclass);


--
-- Name: robot id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.robot ALTER COLUMN id SET DEFAULT nextval('public.robot_id_seq'::regclass);


--
-- Name: role role_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role ALTER COLUMN role_id SET DEFAULT nextval('public.role_role_id_seq'::regclass);


--
-- Name: role_permission id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission ALTER COLUMN id SET DEFAULT nextval('public.role_permission_id_seq'::regclass);


--
-- Name: sbom_report id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_report ALTER COLUMN id SET DEFAULT nextval('public.sbom_report_id_seq'::regclass);


--
-- Name: scan_report id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scan_report ALTER COLUMN id SET DEFAULT nextval('public.scan_report_id_seq'::regclass);


--
-- Name: scanner_registration id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scanner_registration ALTER COLUMN id SET DEFAULT nextval('public.scanner_registration_id_seq'::regclass);


--
-- Name: schedule id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule ALTER COLUMN id SET DEFAULT nextval('public.schedule_id_seq'::regclass);


--
-- Name: system_artifact id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.system_artifact ALTER COLUMN id SET DEFAULT nextval('public.system_artifact_id_seq'::regclass);


--
-- Name: tag id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tag ALTER COLUMN id SET DEFAULT nextval('public.tag_id_seq'::regclass);


--
-- Name: task id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task ALTER COLUMN id SET DEFAULT nextval('public.task_id_seq'::regclass);


--
-- Name: user_group id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_group ALTER COLUMN id SET DEFAULT nextval('public.user_group_id_seq'::regclass);


--
-- Name: vulnerability_record id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vulnerability_record ALTER COLUMN id SET DEFAULT nextval('public.vulnerability_record_id_seq'::regclass);


--
-- Name: access access_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access
    ADD CONSTRAINT access_pkey PRIMARY KEY (access_id);


--
-- Name: artifact_accessory artifact_accessory_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_accessory
    ADD CONSTRAINT artifact_accessory_pkey PRIMARY KEY (id);


--
-- Name: artifact_blob artifact_blob_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_blob
    ADD CONSTRAINT artifact_blob_pkey PRIMARY KEY (id);


--
-- Name: artifact artifact_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact
    ADD CONSTRAINT artifact_pkey PRIMARY KEY (id);


--
-- Name: artifact_reference artifact_reference_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_reference
    ADD CONSTRAINT artifact_reference_pkey PRIMARY KEY (id);


--
-- Name: artifact_trash artifact_trash_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_trash
    ADD CONSTRAINT artifact_trash_pkey PRIMARY KEY (id);


--
-- Name: audit_log_ext audit_log_ext_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log_ext
    ADD CONSTRAINT audit_log_ext_pkey PRIMARY KEY (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: blob blob_digest_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blob
    ADD CONSTRAINT blob_digest_key UNIQUE (digest);


--
-- Name: blob blob_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blob
    ADD CONSTRAINT blob_pkey PRIMARY KEY (id);


--
-- Name: cve_allowlist cve_whitelist_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cve_allowlist
    ADD CONSTRAINT cve_whitelist_pkey PRIMARY KEY (id);


--
-- Name: cve_allowlist cve_whitelist_project_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cve_allowlist
    ADD CONSTRAINT cve_whitelist_project_id_key UNIQUE (project_id);


--
-- Name: data_migrations data_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.data_migrations
    ADD CONSTRAINT data_migrations_pkey PRIMARY KEY (id);


--
-- Name: execution execution_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.execution
    ADD CONSTRAINT execution_pkey PRIMARY KEY (id);


--
-- Name: harbor_label harbor_label_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_label
    ADD CONSTRAINT harbor_label_pkey PRIMARY KEY (id);


--
-- Name: harbor_user harbor_user_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_user
    ADD CONSTRAINT harbor_user_email_key UNIQUE (email);


--
-- Name: harbor_user harbor_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_user
    ADD CONSTRAINT harbor_user_pkey PRIMARY KEY (user_id);


--
-- Name: harbor_user harbor_user_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_user
    ADD CONSTRAINT harbor_user_username_key UNIQUE (username);


--
-- Name: immutable_tag_rule immutable_tag_rule_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.immutable_tag_rule
    ADD CONSTRAINT immutable_tag_rule_pkey PRIMARY KEY (id);


--
-- Name: immutable_tag_rule immutable_tag_rule_project_id_tag_filter_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.immutable_tag_rule
    ADD CONSTRAINT immutable_tag_rule_project_id_tag_filter_key UNIQUE (project_id, tag_filter);


--
-- Name: job_log job_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_log
    ADD CONSTRAINT job_log_pkey PRIMARY KEY (log_id);


--
-- Name: job_queue_status job_queue_status_job_type_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_queue_status
    ADD CONSTRAINT job_queue_status_job_type_key UNIQUE (job_type);


--
-- Name: job_queue_status job_queue_status_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_queue_status
    ADD CONSTRAINT job_queue_status_pkey PRIMARY KEY (id);


--
-- Name: label_reference label_reference_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_reference
    ADD CONSTRAINT label_reference_pkey PRIMARY KEY (id);


--
-- Name: notification_policy notification_policy_name_project_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_policy
    ADD CONSTRAINT notification_policy_name_project_id_key UNIQUE (name, project_id);


--
-- Name: notification_policy notification_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_policy
    ADD CONSTRAINT notification_policy_pkey PRIMARY KEY (id);


--
-- Name: oidc_user oidc_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oidc_user
    ADD CONSTRAINT oidc_user_pkey PRIMARY KEY (id);


--
-- Name: oidc_user oidc_user_subiss_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oidc_user
    ADD CONSTRAINT oidc_user_subiss_key UNIQUE (subiss);


--
-- Name: p2p_preheat_instance p2p_preheat_instance_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.p2p_preheat_instance
    ADD CONSTRAINT p2p_preheat_instance_name_key UNIQUE (name);


--
-- Name: p2p_preheat_instance p2p_preheat_instance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.p2p_preheat_instance
    ADD CONSTRAINT p2p_preheat_instance_pkey PRIMARY KEY (id);


--
-- Name: p2p_preheat_policy p2p_preheat_policy_name_project_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.p2p_preheat_policy
    ADD CONSTRAINT p2p_preheat_policy_name_project_id_key UNIQUE (name, project_id);


--
-- Name: p2p_preheat_policy p2p_preheat_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.p2p_preheat_policy
    ADD CONSTRAINT p2p_preheat_policy_pkey PRIMARY KEY (id);


--
-- Name: permission_policy permission_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.permission_policy
    ADD CONSTRAINT permission_policy_pkey PRIMARY KEY (id);


--
-- Name: project_blob project_blob_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_blob
    ADD CONSTRAINT project_blob_pkey PRIMARY KEY (id);


--
-- Name: project_member project_member_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_member
    ADD CONSTRAINT project_member_pkey PRIMARY KEY (id);


--
-- Name: project_metadata project_metadata_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_metadata
    ADD CONSTRAINT project_metadata_pkey PRIMARY KEY (id);


--
-- Name: project project_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project
    ADD CONSTRAINT project_name_key UNIQUE (name);


--
-- Name: project project_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project
    ADD CONSTRAINT project_pkey PRIMARY KEY (project_id);


--
-- Name: properties properties_k_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.properties
    ADD CONSTRAINT properties_k_key UNIQUE (k);


--
-- Name: properties properties_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.properties
    ADD CONSTRAINT properties_pkey PRIMARY KEY (id);


--
-- Name: quota quota_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quota
    ADD CONSTRAINT quota_pkey PRIMARY KEY (id);


--
-- Name: quota quota_reference_reference_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quota
    ADD CONSTRAINT quota_reference_reference_id_key UNIQUE (reference, reference_id);


--
-- Name: quota_usage quota_usage_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quota_usage
    ADD CONSTRAINT quota_usage_pkey PRIMARY KEY (id);


--
-- Name: quota_usage quota_usage_reference_reference_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quota_usage
    ADD CONSTRAINT quota_usage_reference_reference_id_key UNIQUE (reference, reference_id);


--
-- Name: replication_policy replication_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.replication_policy
    ADD CONSTRAINT replication_policy_pkey PRIMARY KEY (id);


--
-- Name: registry replication_target_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registry
    ADD CONSTRAINT replication_target_pkey PRIMARY KEY (id);


--
-- Name: report_vulnerability_record report_vulnerability_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report_vulnerability_record
    ADD CONSTRAINT report_vulnerability_record_pkey PRIMARY KEY (id);


--
-- Name: report_vulnerability_record report_vulnerability_record_report_uuid_vuln_record_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report_vulnerability_record
    ADD CONSTRAINT report_vulnerability_record_report_uuid_vuln_record_id_key UNIQUE (report_uuid, vuln_record_id);


--
-- Name: repository repository_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_name_key UNIQUE (name);


--
-- Name: repository repository_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_pkey PRIMARY KEY (repository_id);


--
-- Name: retention_policy retention_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.retention_policy
    ADD CONSTRAINT retention_policy_pkey PRIMARY KEY (id);


--
-- Name: robot robot_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.robot
    ADD CONSTRAINT robot_pkey PRIMARY KEY (id);


--
-- Name: role_permission role_permission_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission
    ADD CONSTRAINT role_permission_pkey PRIMARY KEY (id);


--
-- Name: role role_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role
    ADD CONSTRAINT role_pkey PRIMARY KEY (role_id);


--
-- Name: sbom_report sbom_report_artifact_id_registration_uuid_mime_type_media_t_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_report
    ADD CONSTRAINT sbom_report_artifact_id_registration_uuid_mime_type_media_t_key UNIQUE (artifact_id, registration_uuid, mime_type, media_type);


--
-- Name: sbom_report sbom_report_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_report
    ADD CONSTRAINT sbom_report_pkey PRIMARY KEY (id);


--
-- Name: sbom_report sbom_report_uuid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_report
    ADD CONSTRAINT sbom_report_uuid_key UNIQUE (uuid);


--
-- Name: scan_report scan_report_digest_registration_uuid_mime_type_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scan_report
    ADD CONSTRAINT scan_report_digest_registration_uuid_mime_type_key UNIQUE (digest, registration_uuid, mime_type);


--
-- Name: scan_report scan_report_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scan_report
    ADD CONSTRAINT scan_report_pkey PRIMARY KEY (id);


--
-- Name: scan_report scan_report_uuid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scan_report
    ADD CONSTRAINT scan_report_uuid_key UNIQUE (uuid);


--
-- Name: scanner_registration scanner_registration_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scanner_registration
    ADD CONSTRAINT scanner_registration_name_key UNIQUE (name);


--
-- Name: scanner_registration scanner_registration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scanner_registration
    ADD CONSTRAINT scanner_registration_pkey PRIMARY KEY (id);


--
-- Name: scanner_registration scanner_registration_url_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scanner_registration
    ADD CONSTRAINT scanner_registration_url_key UNIQUE (url);


--
-- Name: scanner_registration scanner_registration_uuid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scanner_registration
    ADD CONSTRAINT scanner_registration_uuid_key UNIQUE (uuid);


--
-- Name: schedule schedule_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule
    ADD CONSTRAINT schedule_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: system_artifact system_artifact_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.system_artifact
    ADD CONSTRAINT system_artifact_pkey PRIMARY KEY (id);


--
-- Name: system_artifact system_artifact_repository_digest_vendor_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.system_artifact
    ADD CONSTRAINT system_artifact_repository_digest_vendor_key UNIQUE (repository, digest, vendor);


--
-- Name: tag tag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT tag_pkey PRIMARY KEY (id);


--
-- Name: task task_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_pkey PRIMARY KEY (id);


--
-- Name: artifact unique_artifact; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact
    ADD CONSTRAINT unique_artifact UNIQUE (repository_id, digest);


--
-- Name: artifact_accessory unique_artifact_accessory; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_accessory
    ADD CONSTRAINT unique_artifact_accessory UNIQUE (artifact_id, subject_artifact_digest);


--
-- Name: artifact_blob unique_artifact_blob; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_blob
    ADD CONSTRAINT unique_artifact_blob UNIQUE (digest_af, digest_blob);


--
-- Name: artifact_trash unique_artifact_trash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_trash
    ADD CONSTRAINT unique_artifact_trash UNIQUE (repository_name, digest);


--
-- Name: user_group unique_group_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_group
    ADD CONSTRAINT unique_group_name UNIQUE (group_name);


--
-- Name: harbor_label unique_label; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harbor_label
    ADD CONSTRAINT unique_label UNIQUE (name, scope, project_id);


--
-- Name: label_reference unique_label_reference; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_reference
    ADD CONSTRAINT unique_label_reference UNIQUE (label_id, artifact_id);


--
-- Name: replication_policy unique_policy_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.replication_policy
    ADD CONSTRAINT unique_policy_name UNIQUE (name);


--
-- Name: project_blob unique_project_blob; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_blob
    ADD CONSTRAINT unique_project_blob UNIQUE (project_id, blob_id);


--
-- Name: project_member unique_project_entity_type; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_member
    ADD CONSTRAINT unique_project_entity_type UNIQUE (project_id, entity_id, entity_type);


--
-- Name: project_metadata unique_project_id_and_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_metadata
    ADD CONSTRAINT unique_project_id_and_name UNIQUE (project_id, name);


--
-- Name: permission_policy unique_rbac_policy; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.permission_policy
    ADD CONSTRAINT unique_rbac_policy UNIQUE (scope, resource, action, effect);


--
-- Name: artifact_reference unique_reference; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_reference
    ADD CONSTRAINT unique_reference UNIQUE (parent_id, child_id);


--
-- Name: robot unique_robot; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.robot
    ADD CONSTRAINT unique_robot UNIQUE (name, project_id);


--
-- Name: role_permission unique_role_permission; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permission
    ADD CONSTRAINT unique_role_permission UNIQUE (role_type, role_id, permission_policy_id);


--
-- Name: schedule unique_schedule; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule
    ADD CONSTRAINT unique_schedule UNIQUE (vendor_type, vendor_id);


--
-- Name: tag unique_tag; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT unique_tag UNIQUE (repository_id, name);


--
-- Name: registry unique_target_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.registry
    ADD CONSTRAINT unique_target_name UNIQUE (name);


--
-- Name: user_group user_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_group
    ADD CONSTRAINT user_group_pkey PRIMARY KEY (id);


--
-- Name: vulnerability_record vulnerability_record_cve_id_registration_uuid_package_packa_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vulnerability_record
    ADD CONSTRAINT vulnerability_record_cve_id_registration_uuid_package_packa_key UNIQUE (cve_id, registration_uuid, package, package_version);


--
-- Name: vulnerability_record vulnerability_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vulnerability_record
    ADD CONSTRAINT vulnerability_record_pkey PRIMARY KEY (id);


--
-- Name: idx_artifact_accessory_subject_artifact_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_artifact_accessory_subject_artifact_id ON public.artifact_accessory USING btree (subject_artifact_id);


--
-- Name: idx_artifact_blob_digest_blob; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_artifact_blob_digest_blob ON public.artifact_blob USING btree (digest_blob);


--
-- Name: idx_artifact_digest_project_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_artifact_digest_project_id ON public.artifact USING btree (digest, project_id);


--
-- Name: idx_artifact_push_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_artifact_push_time ON public.artifact USING btree (push_time);


--
-- Name: idx_artifact_reference_child_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_artifact_reference_child_id ON public.artifact_reference USING btree (child_id);


--
-- Name: idx_artifact_repository_name; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_artifact_repository_name ON public.artifact USING btree (repository_name);


--
-- Name: idx_audit_log_ext_op_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_log_ext_op_time ON public.audit_log_ext USING btree (op_time);


--
-- Name: idx_audit_log_ext_project_id_operation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_log_ext_project_id_operation ON public.audit_log_ext USING btree (project_id, operation);


--
-- Name: idx_audit_log_ext_project_id_optime; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_log_ext_project_id_optime ON public.audit_log_ext USING btree (project_id, op_time);


--
-- Name: idx_audit_log_ext_project_id_resource_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_log_ext_project_id_resource_type ON public.audit_log_ext USING btree (project_id, resource_type);


--
-- Name: idx_audit_log_op_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_log_op_time ON public.audit_log USING btree (op_time);


--
-- Name: idx_audit_log_project_id_optime; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_log_project_id_optime ON public.audit_log USING btree (project_id, op_time);


--
-- Name: idx_execution_start_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_execution_start_time ON public.execution USING btree (start_time);


--
-- Name: idx_execution_vendor_type_vendor_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_execution_vendor_type_vendor_id ON public.execution USING btree (vendor_type, vendor_id);


--
-- Name: idx_report_vulnerability_record_vuln_record_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_report_vulnerability_record_vuln_record_id ON public.report_vulnerability_record USING btree (vuln_record_id);


--
-- Name: idx_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_status ON public.blob USING btree (status);


--
-- Name: idx_tag_artifact_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_tag_artifact_id ON public.tag USING btree (artifact_id);


--
-- Name: idx_tag_push_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_tag_push_time ON public.tag USING btree (push_time);


--
-- Name: idx_task_extra_attrs_report_uuids; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_task_extra_attrs_report_uuids ON public.task USING gin ((((extra_attrs)::jsonb -> 'report_uuids'::text)));


--
-- Name: idx_task_job_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_task_job_id ON public.task USING btree (job_id);


--
-- Name: idx_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_version ON public.blob USING btree (version);


--
-- Name: idx_vulnerability_record_cve_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_vulnerability_record_cve_id ON public.vulnerability_record USING btree (cve_id);


--
-- Name: idx_vulnerability_record_cvss_score_v3; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_vulnerability_record_cvss_score_v3 ON public.vulnerability_record USING btree (cvss_score_v3);


--
-- Name: idx_vulnerability_record_package; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_vulnerability_record_package ON public.vulnerability_record USING btree (package);


--
-- Name: idx_vulnerability_record_severity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_vulnerability_record_severity ON public.vulnerability_record USING btree (severity);


--
-- Name: idx_vulnerability_registration_uuid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_vulnerability_registration_uuid ON public.vulnerability_record USING btree (registration_uuid);


--
-- Name: job_log_uuid; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX job_log_uuid ON public.job_log USING btree (job_uuid);


--
-- Name: task_execution_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_execution_id_idx ON public.task USING btree (execution_id);


--
-- Name: harbor_label harbor_label_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER harbor_label_update_time_at_modtime BEFORE UPDATE ON public.harbor_label FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: harbor_user harbor_user_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER harbor_user_update_time_at_modtime BEFORE UPDATE ON public.harbor_user FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: oidc_user oidc_user_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER oidc_user_update_time_at_modtime BEFORE UPDATE ON public.oidc_user FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: project_member project_member_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER project_member_update_time_at_modtime BEFORE UPDATE ON public.project_member FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: project_metadata project_metadata_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER project_metadata_update_time_at_modtime BEFORE UPDATE ON public.project_metadata FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: project project_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER project_update_time_at_modtime BEFORE UPDATE ON public.project FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: replication_policy replication_policy_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER replication_policy_update_time_at_modtime BEFORE UPDATE ON public.replication_policy FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: repository repository_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER repository_update_time_at_modtime BEFORE UPDATE ON public.repository FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: robot robot_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER robot_update_time_at_modtime BEFORE UPDATE ON public.robot FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: user_group user_group_update_time_at_modtime; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER user_group_update_time_at_modtime BEFORE UPDATE ON public.user_group FOR EACH ROW EXECUTE FUNCTION public.update_update_time_at_column();


--
-- Name: artifact_accessory artifact_accessory_artifact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_accessory
    ADD CONSTRAINT artifact_accessory_artifact_id_fkey FOREIGN KEY (artifact_id) REFERENCES public.artifact(id);


--
-- Name: artifact_reference artifact_reference_child_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_reference
    ADD CONSTRAINT artifact_reference_child_id_fkey FOREIGN KEY (child_id) REFERENCES public.artifact(id);


--
-- Name: artifact_reference artifact_reference_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.artifact_reference
    ADD CONSTRAINT artifact_reference_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.artifact(id);


--
-- Name: vulnerability_record fk_registration_uuid; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vulnerability_record
    ADD CONSTRAINT fk_registration_uuid FOREIGN KEY (registration_uuid) REFERENCES public.scanner_registration(uuid) ON DELETE CASCADE;


--
-- Name: report_vulnerability_record fk_report_uuid; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report_vulnerability_record
    ADD CONSTRAINT fk_report_uuid FOREIGN KEY (report_uuid) REFERENCES public.scan_report(uuid) ON DELETE CASCADE;


--
-- Name: report_vulnerability_record fk_vuln_record_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report_vulnerability_record
    ADD CONSTRAINT fk_vuln_record_id FOREIGN KEY (vuln_record_id) REFERENCES public.vulnerability_record(id) ON DELETE CASCADE;


--
-- Name: label_reference label_reference_artifact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_reference
    ADD CONSTRAINT label_reference_artifact_id_fkey FOREIGN KEY (artifact_id) REFERENCES public.artifact(id);


--
-- Name: label_reference label_reference_label_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_reference
    ADD CONSTRAINT label_reference_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.harbor_label(id);


--
-- Name: oidc_user oidc_user_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oidc_user
    ADD CONSTRAINT oidc_user_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.harbor_user(user_id);


--
-- Name: project_metadata project_metadata_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_metadata
    ADD CONSTRAINT project_metadata_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.project(project_id);


--
-- Name: project project_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project
    ADD CONSTRAINT project_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.harbor_user(user_id);


--
-- Name: tag tag_artifact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT tag_artifact_id_fkey FOREIGN KEY (artifact_id) REFERENCES public.artifact(id);


--
-- Name: task task_execution_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task
    ADD CONSTRAINT task_execution_id_fkey FOREIGN KEY (execution_id) REFERENCES public.execution(id);


--
-- PostgreSQL database dump complete
--

\unrestrict 6iSJUhKAnSdoe4cH777J76cRlybeAM8I0jLVHBOqc0uSn1zkf6jgP50xyZT0SMg

