--
-- PostgreSQL database dump
--


-- Dumped from database version 14.23 (Debian 14.23-1.pgdg13+1)
-- Dumped by pg_dump version 14.23 (Homebrew)

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
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: fuzzystrmatch; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA public;


--
-- Name: EXTENSION fuzzystrmatch; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION fuzzystrmatch IS 'determine similarities and distance between strings';


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: uuid-ossp; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;


--
-- Name: EXTENSION "uuid-ossp"; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION "uuid-ossp" IS 'generate universally unique identifiers (UUIDs)';


--
-- Name: calendar_view; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.calendar_view AS ENUM (
    'day',
    'week',
    'all'
);


--
-- Name: repository_user_role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.repository_user_role AS ENUM (
    'owner',
    'admin',
    'write',
    'read'
);


--
-- Name: json_object_delete_keys(json, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.json_object_delete_keys(data json, VARIADIC keys_to_delete text[]) RETURNS json
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
SELECT COALESCE(
  (SELECT ('{' || string_agg(to_json("key") || ':' || "value", ',') || '}')
   FROM json_each("data")
   WHERE "key" <> ALL ("keys_to_delete")),
  '{}'
)::json
$$;


--
-- Name: json_object_set_key(json, text, anyelement); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.json_object_set_key(data json, key_to_set text, value_to_set anyelement) RETURNS json
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
SELECT concat('{', string_agg(to_json("key") || ':' || "value", ','), '}')::json
  FROM (SELECT *
          FROM json_each("data")
         WHERE "key" <> "key_to_set"
         UNION ALL
        SELECT "key_to_set", to_json("value_to_set")) AS "fields"
$$;


SET default_tablespace = '';


--
-- Name: account_deletion_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.account_deletion_requests (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    key character varying(255) NOT NULL,
    primary_email character varying(255) NOT NULL,
    inserted_at timestamp without time zone NOT NULL
);


--
-- Name: account_deletion_requests_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.account_deletion_requests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: account_deletion_requests_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.account_deletion_requests_id_seq OWNED BY public.account_deletion_requests.id;


--
-- Name: audit_logs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_logs (
    id bigint NOT NULL,
    user_id bigint,
    action character varying(255) NOT NULL,
    params jsonb NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    user_agent character varying(255),
    organization_id bigint,
    remote_ip character varying(255),
    key_id bigint,
    oauth_token_id bigint,
    user_data jsonb,
    key_data jsonb
);


--
-- Name: audit_logs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_logs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_logs_id_seq OWNED BY public.audit_logs.id;


--
-- Name: authorization_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.authorization_codes (
    id bigint NOT NULL,
    code character varying(255) NOT NULL,
    redirect_uri character varying(255) NOT NULL,
    scopes character varying(255)[] DEFAULT ARRAY[]::character varying[] NOT NULL,
    expires_at timestamp(0) without time zone NOT NULL,
    used_at timestamp(0) without time zone,
    code_challenge character varying(255),
    code_challenge_method character varying(255),
    user_id bigint NOT NULL,
    client_id uuid NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: authorization_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.authorization_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: authorization_codes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.authorization_codes_id_seq OWNED BY public.authorization_codes.id;


--
-- Name: blocked_addresses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blocked_addresses (
    id integer NOT NULL,
    ip text NOT NULL,
    comment text
);


--
-- Name: blocked_addresses_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.blocked_addresses_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blocked_addresses_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.blocked_addresses_id_seq OWNED BY public.blocked_addresses.id;


--
-- Name: device_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.device_codes (
    id bigint NOT NULL,
    device_code character varying(255) NOT NULL,
    user_code character varying(255) NOT NULL,
    verification_uri character varying(255) NOT NULL,
    verification_uri_complete character varying(255),
    name character varying(255),
    client_id uuid NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    "interval" integer NOT NULL,
    status character varying(255) NOT NULL,
    scopes character varying(255)[] DEFAULT ARRAY[]::character varying[] NOT NULL,
    user_id bigint,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: device_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.device_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: device_codes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.device_codes_id_seq OWNED BY public.device_codes.id;


--
-- Name: downloads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.downloads (
    id integer NOT NULL,
    release_id integer NOT NULL,
    downloads integer NOT NULL,
    day date NOT NULL,
    package_id bigint NOT NULL
);


--
-- Name: downloads_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.downloads_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: downloads_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.downloads_id_seq OWNED BY public.downloads.id;


--
-- Name: emails; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.emails (
    id integer NOT NULL,
    email character varying(255) NOT NULL,
    verified boolean NOT NULL,
    "primary" boolean NOT NULL,
    public boolean NOT NULL,
    verification_key character varying(255),
    user_id integer NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    gravatar boolean DEFAULT false NOT NULL,
    verification_expiry timestamp without time zone
);


--
-- Name: emails_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.emails_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: emails_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.emails_id_seq OWNED BY public.emails.id;


--
-- Name: installs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.installs (
    id integer NOT NULL,
    hex text NOT NULL,
    elixirs text[] NOT NULL
);


--
-- Name: installs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.installs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: installs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.installs_id_seq OWNED BY public.installs.id;


--
-- Name: keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.keys (
    id integer NOT NULL,
    user_id integer,
    name text,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    secret_first text NOT NULL,
    secret_second text NOT NULL,
    permissions jsonb[] NOT NULL,
    last_use jsonb,
    organization_id bigint,
    public boolean DEFAULT true NOT NULL,
    revoke_at timestamp without time zone
);


--
-- Name: keys_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.keys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: keys_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.keys_id_seq OWNED BY public.keys.id;


--
-- Name: oauth_clients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth_clients (
    client_id uuid NOT NULL,
    client_secret character varying(255),
    name character varying(255) NOT NULL,
    client_type character varying(255) NOT NULL,
    allowed_grant_types character varying(255)[] NOT NULL,
    redirect_uris character varying(255)[],
    allowed_scopes character varying(255)[] NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: oauth_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth_tokens (
    id bigint NOT NULL,
    jti text NOT NULL,
    refresh_jti text,
    token_type character varying(255) DEFAULT 'bearer'::character varying NOT NULL,
    refresh_token_expires_at timestamp(0) without time zone,
    scopes character varying(255)[] DEFAULT ARRAY[]::character varying[] NOT NULL,
    expires_at timestamp(0) without time zone NOT NULL,
    revoked_at timestamp(0) without time zone,
    user_id bigint,
    client_id uuid NOT NULL,
    grant_type character varying(255) NOT NULL,
    grant_reference text,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    user_session_id bigint,
    refresh_token_hash text,
    organization_id bigint,
    granted_scopes character varying(255)[] DEFAULT ARRAY[]::character varying[] NOT NULL,
    CONSTRAINT user_or_organization_required CHECK (((user_id IS NOT NULL) OR (organization_id IS NOT NULL)))
);


--
-- Name: oauth_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.oauth_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: oauth_tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.oauth_tokens_id_seq OWNED BY public.oauth_tokens.id;


--
-- Name: organization_users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organization_users (
    id bigint NOT NULL,
    role public.repository_user_role NOT NULL,
    organization_id bigint NOT NULL,
    user_id bigint NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: organizations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organizations (
    id bigint NOT NULL,
    name character varying(255) NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    billing_active boolean DEFAULT false NOT NULL,
    trial_end timestamp without time zone NOT NULL,
    billing_override boolean,
    billing_seats integer
);


--
-- Name: package_dependants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.package_dependants (
    id bigint NOT NULL,
    dependency_id bigint NOT NULL,
    package_id bigint NOT NULL,
    dependant_repository_id bigint NOT NULL
);


--
-- Name: package_dependants_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.package_dependants_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: package_dependants_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.package_dependants_id_seq OWNED BY public.package_dependants.id;


--
-- Name: releases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.releases (
    id integer NOT NULL,
    package_id integer NOT NULL,
    version text NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    has_docs boolean DEFAULT false NOT NULL,
    meta jsonb NOT NULL,
    retirement jsonb,
    publisher_id bigint,
    inner_checksum bytea NOT NULL,
    outer_checksum bytea
);


--
-- Name: package_downloads; Type: MATERIALIZED VIEW; Schema: public; Owner: -
--

CREATE MATERIALIZED VIEW public.package_downloads AS
 SELECT r.package_id,
    v.view,
    sum(d.downloads) AS downloads
   FROM ((public.downloads d
     JOIN public.releases r ON ((r.id = d.release_id)))
     CROSS JOIN ( VALUES ('day'::text), ('week'::text), ('recent'::text), ('all'::text)) v(view))
  WHERE
        CASE
            WHEN (v.view = 'day'::text) THEN (d.day = (CURRENT_DATE - '1 day'::interval))
            WHEN (v.view = 'week'::text) THEN ((d.day >= (CURRENT_DATE - '7 days'::interval)) AND (d.day <= (CURRENT_DATE - '1 day'::interval)))
            WHEN (v.view = 'recent'::text) THEN ((d.day >= (CURRENT_DATE - '90 days'::interval)) AND (d.day <= (CURRENT_DATE - '1 day'::interval)))
            WHEN (v.view = 'all'::text) THEN true
            ELSE NULL::boolean
        END
  GROUP BY r.package_id, v.view
UNION
 SELECT NULL::integer AS package_id,
    'day'::text AS view,
    sum(d.downloads) AS downloads
   FROM public.downloads d
  WHERE (d.day = (CURRENT_DATE - '1 day'::interval))
UNION
 SELECT NULL::integer AS package_id,
    'week'::text AS view,
    sum(d.downloads) AS downloads
   FROM public.downloads d
  WHERE ((d.day >= (CURRENT_DATE - '7 days'::interval)) AND (d.day <= (CURRENT_DATE - '1 day'::interval)))
UNION
 SELECT NULL::integer AS package_id,
    'recent'::text AS view,
    sum(d.downloads) AS downloads
   FROM public.downloads d
  WHERE ((d.day >= (CURRENT_DATE - '90 days'::interval)) AND (d.day <= (CURRENT_DATE - '1 day'::interval)))
UNION
 SELECT NULL::integer AS package_id,
    'all'::text AS view,
    sum(d.downloads) AS downloads
   FROM public.downloads d
  WITH NO DATA;


--
-- Name: package_owners; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.package_owners (
    id integer NOT NULL,
    package_id integer NOT NULL,
    user_id integer NOT NULL,
    level character varying(255) DEFAULT 'full'::character varying NOT NULL,
    inserted_at timestamp without time zone,
    updated_at timestamp without time zone
);


--
-- Name: package_owners_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.package_owners_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: package_owners_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.package_owners_id_seq OWNED BY public.package_owners.id;


--
-- Name: package_report_comments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.package_report_comments (
    id bigint NOT NULL,
    text text NOT NULL,
    author_id bigint,
    package_report_id bigint NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: package_report_comments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.package_report_comments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: package_report_comments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.package_report_comments_id_seq OWNED BY public.package_report_comments.id;


--
-- Name: package_report_releases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.package_report_releases (
    id bigint NOT NULL,
    package_report_id bigint NOT NULL,
    release_id bigint NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: package_report_releases_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.package_report_releases_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: package_report_releases_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.package_report_releases_id_seq OWNED BY public.package_report_releases.id;


--
-- Name: package_reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.package_reports (
    id bigint NOT NULL,
    description text NOT NULL,
    state character varying(255) NOT NULL,
    package_id bigint NOT NULL,
    author_id bigint,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: package_reports_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.package_reports_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: package_reports_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.package_reports_id_seq OWNED BY public.package_reports.id;


--
-- Name: packages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.packages (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    meta jsonb NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    docs_updated_at timestamp without time zone,
    repository_id integer NOT NULL
);


--
-- Name: packages_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.packages_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: packages_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.packages_id_seq OWNED BY public.packages.id;


--
-- Name: password_resets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.password_resets (
    id bigint NOT NULL,
    key character varying(255) NOT NULL,
    primary_email character varying(255) NOT NULL,
    user_id bigint,
    inserted_at timestamp without time zone NOT NULL
);


--
-- Name: password_resets_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.password_resets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: password_resets_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.password_resets_id_seq OWNED BY public.password_resets.id;


--
-- Name: release_downloads; Type: MATERIALIZED VIEW; Schema: public; Owner: -
--

CREATE MATERIALIZED VIEW public.release_downloads AS
 SELECT downloads.package_id,
    downloads.release_id,
    sum(downloads.downloads) AS downloads
   FROM public.downloads
  GROUP BY downloads.package_id, downloads.release_id
  WITH NO DATA;


--
-- Name: releases_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.releases_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: releases_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.releases_id_seq OWNED BY public.releases.id;


--
-- Name: repositories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.repositories (
    id bigint NOT NULL,
    name character varying(255) NOT NULL,
    organization_id bigint,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: repositories_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.repositories_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: repositories_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.repositories_id_seq OWNED BY public.organizations.id;


--
-- Name: repositories_id_seq1; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.repositories_id_seq1
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: repositories_id_seq1; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.repositories_id_seq1 OWNED BY public.repositories.id;


--
-- Name: repository_users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.repository_users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: repository_users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.repository_users_id_seq OWNED BY public.organization_users.id;


--
-- Name: requirements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.requirements (
    id integer NOT NULL,
    release_id integer NOT NULL,
    dependency_id integer NOT NULL,
    requirement text NOT NULL,
    optional boolean DEFAULT false NOT NULL,
    app text NOT NULL
);


--
-- Name: requirements_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.requirements_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: requirements_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.requirements_id_seq OWNED BY public.requirements.id;


--
-- Name: reserved_packages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reserved_packages (
    id bigint NOT NULL,
    name character varying(255) NOT NULL,
    version character varying(255),
    reason character varying(255),
    repository_id integer NOT NULL
);


--
-- Name: reserved_packages_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reserved_packages_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reserved_packages_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reserved_packages_id_seq OWNED BY public.reserved_packages.id;


--
-- Name: reserved_usernames; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reserved_usernames (
    id bigint NOT NULL,
    name character varying(255) NOT NULL,
    inserted_at timestamp without time zone NOT NULL
);


--
-- Name: reserved_usernames_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reserved_usernames_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reserved_usernames_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reserved_usernames_id_seq OWNED BY public.reserved_usernames.id;


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version bigint NOT NULL,
    inserted_at timestamp(0) without time zone
);


--
-- Name: security_advisories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.security_advisories (
    id character varying(255) NOT NULL,
    summary character varying(255) NOT NULL,
    aliases character varying(255)[] DEFAULT ARRAY[]::character varying[] NOT NULL,
    published_at timestamp(0) without time zone NOT NULL,
    modified_at timestamp(0) without time zone NOT NULL,
    withdrawn_at timestamp(0) without time zone,
    cvss_vector character varying(255),
    cvss_score double precision,
    cvss_rating character varying(255)
);


--
-- Name: security_advisory_affected_packages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.security_advisory_affected_packages (
    advisory_id character varying(255) NOT NULL,
    package_id bigint NOT NULL
);


--
-- Name: security_advisory_affected_releases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.security_advisory_affected_releases (
    advisory_id character varying(255) NOT NULL,
    release_id bigint NOT NULL
);


--
-- Name: security_advisory_affected_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.security_advisory_affected_versions (
    id bigint NOT NULL,
    advisory_id character varying(255) NOT NULL,
    package_id bigint NOT NULL,
    requirement character varying(255) NOT NULL
);


--
-- Name: security_advisory_affected_versions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.security_advisory_affected_versions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: security_advisory_affected_versions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.security_advisory_affected_versions_id_seq OWNED BY public.security_advisory_affected_versions.id;


--
-- Name: security_advisory_references; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.security_advisory_references (
    id bigint NOT NULL,
    advisory_id character varying(255) NOT NULL,
    type character varying(255) NOT NULL,
    url character varying(255) NOT NULL
);


--
-- Name: security_advisory_references_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.security_advisory_references_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: security_advisory_references_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.security_advisory_references_id_seq OWNED BY public.security_advisory_references.id;


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id bigint NOT NULL,
    token bytea NOT NULL,
    data jsonb NOT NULL,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sessions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sessions_id_seq OWNED BY public.sessions.id;


--
-- Name: short_urls; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.short_urls (
    id bigint NOT NULL,
    url text NOT NULL,
    short_code character varying(255) NOT NULL,
    inserted_at timestamp without time zone NOT NULL
);


--
-- Name: short_urls_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.short_urls_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: short_urls_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.short_urls_id_seq OWNED BY public.short_urls.id;


--
-- Name: user_providers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_providers (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    provider character varying(255) NOT NULL,
    provider_uid character varying(255) NOT NULL,
    provider_email character varying(255),
    provider_data jsonb DEFAULT '{}'::jsonb,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: user_providers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.user_providers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: user_providers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.user_providers_id_seq OWNED BY public.user_providers.id;


--
-- Name: user_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_sessions (
    id bigint NOT NULL,
    user_id bigint,
    type character varying(255) NOT NULL,
    name character varying(255),
    revoked_at timestamp without time zone,
    last_use jsonb,
    session_token bytea,
    client_id uuid,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone,
    organization_id bigint,
    CONSTRAINT user_or_organization_required CHECK (((user_id IS NOT NULL) OR (organization_id IS NOT NULL)))
);


--
-- Name: user_sessions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.user_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: user_sessions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.user_sessions_id_seq OWNED BY public.user_sessions.id;


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id integer NOT NULL,
    username public.citext NOT NULL,
    password text,
    inserted_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    full_name text,
    handles jsonb DEFAULT (json_build_object('id', (public.uuid_generate_v4())::text))::jsonb,
    service boolean DEFAULT false,
    organization_id bigint,
    deactivated_at timestamp(0) without time zone,
    tfa jsonb,
    role character varying(255) DEFAULT 'basic'::character varying,
    optional_emails jsonb
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: account_deletion_requests id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account_deletion_requests ALTER COLUMN id SET DEFAULT nextval('public.account_deletion_requests_id_seq'::regclass);


--
-- Name: audit_logs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs ALTER COLUMN id SET DEFAULT nextval('public.audit_logs_id_seq'::regclass);


--
-- Name: authorization_codes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authorization_codes ALTER COLUMN id SET DEFAULT nextval('public.authorization_codes_id_seq'::regclass);


--
-- Name: blocked_addresses id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocked_addresses ALTER COLUMN id SET DEFAULT nextval('public.blocked_addresses_id_seq'::regclass);


--
-- Name: device_codes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_codes ALTER COLUMN id SET DEFAULT nextval('public.device_codes_id_seq'::regclass);


--
-- Name: downloads id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.downloads ALTER COLUMN id SET DEFAULT nextval('public.downloads_id_seq'::regclass);


--
-- Name: emails id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emails ALTER COLUMN id SET DEFAULT nextval('public.emails_id_seq'::regclass);


--
-- Name: installs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.installs ALTER COLUMN id SET DEFAULT nextval('public.installs_id_seq'::regclass);


--
-- Name: keys id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.keys ALTER COLUMN id SET DEFAULT nextval('public.keys_id_seq'::regclass);


--
-- Name: oauth_tokens id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_tokens ALTER COLUMN id SET DEFAULT nextval('public.oauth_tokens_id_seq'::regclass);


--
-- Name: organization_users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_users ALTER COLUMN id SET DEFAULT nextval('public.repository_users_id_seq'::regclass);


--
-- Name: organizations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organizations ALTER COLUMN id SET DEFAULT nextval('public.repositories_id_seq'::regclass);


--
-- Name: package_dependants id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_dependants ALTER COLUMN id SET DEFAULT nextval('public.package_dependants_id_seq'::regclass);


--
-- Name: package_owners id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_owners ALTER COLUMN id SET DEFAULT nextval('public.package_owners_id_seq'::regclass);


--
-- Name: package_report_comments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_comments ALTER COLUMN id SET DEFAULT nextval('public.package_report_comments_id_seq'::regclass);


--
-- Name: package_report_releases id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_releases ALTER COLUMN id SET DEFAULT nextval('public.package_report_releases_id_seq'::regclass);


--
-- Name: package_reports id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_reports ALTER COLUMN id SET DEFAULT nextval('public.package_reports_id_seq'::regclass);


--
-- Name: packages id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.packages ALTER COLUMN id SET DEFAULT nextval('public.packages_id_seq'::regclass);


--
-- Name: password_resets id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_resets ALTER COLUMN id SET DEFAULT nextval('public.password_resets_id_seq'::regclass);


--
-- Name: releases id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.releases ALTER COLUMN id SET DEFAULT nextval('public.releases_id_seq'::regclass);


--
-- Name: repositories id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repositories ALTER COLUMN id SET DEFAULT nextval('public.repositories_id_seq1'::regclass);


--
-- Name: requirements id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requirements ALTER COLUMN id SET DEFAULT nextval('public.requirements_id_seq'::regclass);


--
-- Name: reserved_packages id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reserved_packages ALTER COLUMN id SET DEFAULT nextval('public.reserved_packages_id_seq'::regclass);


--
-- Name: reserved_usernames id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reserved_usernames ALTER COLUMN id SET DEFAULT nextval('public.reserved_usernames_id_seq'::regclass);


--
-- Name: security_advisory_affected_versions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_versions ALTER COLUMN id SET DEFAULT nextval('public.security_advisory_affected_versions_id_seq'::regclass);


--
-- Name: security_advisory_references id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_references ALTER COLUMN id SET DEFAULT nextval('public.security_advisory_references_id_seq'::regclass);


--
-- Name: sessions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions ALTER COLUMN id SET DEFAULT nextval('public.sessions_id_seq'::regclass);


--
-- Name: short_urls id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.short_urls ALTER COLUMN id SET DEFAULT nextval('public.short_urls_id_seq'::regclass);


--
-- Name: user_providers id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_providers ALTER COLUMN id SET DEFAULT nextval('public.user_providers_id_seq'::regclass);


--
-- Name: user_sessions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sessions ALTER COLUMN id SET DEFAULT nextval('public.user_sessions_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Name: account_deletion_requests account_deletion_requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account_deletion_requests
    ADD CONSTRAINT account_deletion_requests_pkey PRIMARY KEY (id);


--
-- Name: audit_logs audit_logs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT audit_logs_pkey PRIMARY KEY (id);


--
-- Name: authorization_codes authorization_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authorization_codes
    ADD CONSTRAINT authorization_codes_pkey PRIMARY KEY (id);


--
-- Name: blocked_addresses blocked_addresses_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blocked_addresses
    ADD CONSTRAINT blocked_addresses_pkey PRIMARY KEY (id);


--
-- Name: device_codes device_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_codes
    ADD CONSTRAINT device_codes_pkey PRIMARY KEY (id);


--
-- Name: downloads downloads_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.downloads
    ADD CONSTRAINT downloads_pkey PRIMARY KEY (id);


--
-- Name: emails emails_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emails
    ADD CONSTRAINT emails_pkey PRIMARY KEY (id);


--
-- Name: installs installs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.installs
    ADD CONSTRAINT installs_pkey PRIMARY KEY (id);


--
-- Name: keys keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.keys
    ADD CONSTRAINT keys_pkey PRIMARY KEY (id);


--
-- Name: keys keys_secret_first_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.keys
    ADD CONSTRAINT keys_secret_first_key UNIQUE (secret_first);


--
-- Name: oauth_clients oauth_clients_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_clients
    ADD CONSTRAINT oauth_clients_pkey PRIMARY KEY (client_id);


--
-- Name: oauth_tokens oauth_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_tokens
    ADD CONSTRAINT oauth_tokens_pkey PRIMARY KEY (id);


--
-- Name: organization_users organization_users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_users
    ADD CONSTRAINT organization_users_pkey PRIMARY KEY (id);


--
-- Name: organizations organizations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);


--
-- Name: package_dependants package_dependants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_dependants
    ADD CONSTRAINT package_dependants_pkey PRIMARY KEY (id);


--
-- Name: package_owners package_owners_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_owners
    ADD CONSTRAINT package_owners_pkey PRIMARY KEY (id);


--
-- Name: package_owners package_owners_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_owners
    ADD CONSTRAINT package_owners_unique UNIQUE (package_id, user_id);


--
-- Name: package_report_comments package_report_comments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_comments
    ADD CONSTRAINT package_report_comments_pkey PRIMARY KEY (id);


--
-- Name: package_report_releases package_report_releases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_releases
    ADD CONSTRAINT package_report_releases_pkey PRIMARY KEY (id);


--
-- Name: package_reports package_reports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_reports
    ADD CONSTRAINT package_reports_pkey PRIMARY KEY (id);


--
-- Name: packages packages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.packages
    ADD CONSTRAINT packages_pkey PRIMARY KEY (id);


--
-- Name: password_resets password_resets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_resets
    ADD CONSTRAINT password_resets_pkey PRIMARY KEY (id);


--
-- Name: releases releases_package_id_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.releases
    ADD CONSTRAINT releases_package_id_version_key UNIQUE (package_id, version);


--
-- Name: releases releases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.releases
    ADD CONSTRAINT releases_pkey PRIMARY KEY (id);


--
-- Name: repositories repositories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repositories
    ADD CONSTRAINT repositories_pkey PRIMARY KEY (id);


--
-- Name: requirements requirements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requirements
    ADD CONSTRAINT requirements_pkey PRIMARY KEY (id);


--
-- Name: reserved_packages reserved_packages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reserved_packages
    ADD CONSTRAINT reserved_packages_pkey PRIMARY KEY (id);


--
-- Name: reserved_usernames reserved_usernames_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reserved_usernames
    ADD CONSTRAINT reserved_usernames_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: security_advisories security_advisories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisories
    ADD CONSTRAINT security_advisories_pkey PRIMARY KEY (id);


--
-- Name: security_advisory_affected_packages security_advisory_affected_packages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_packages
    ADD CONSTRAINT security_advisory_affected_packages_pkey PRIMARY KEY (advisory_id, package_id);


--
-- Name: security_advisory_affected_releases security_advisory_affected_releases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_releases
    ADD CONSTRAINT security_advisory_affected_releases_pkey PRIMARY KEY (advisory_id, release_id);


--
-- Name: security_advisory_affected_versions security_advisory_affected_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_versions
    ADD CONSTRAINT security_advisory_affected_versions_pkey PRIMARY KEY (id);


--
-- Name: security_advisory_references security_advisory_references_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_references
    ADD CONSTRAINT security_advisory_references_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: short_urls short_urls_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.short_urls
    ADD CONSTRAINT short_urls_pkey PRIMARY KEY (id);


--
-- Name: user_providers user_providers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_providers
    ADD CONSTRAINT user_providers_pkey PRIMARY KEY (id);


--
-- Name: user_sessions user_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: account_deletion_requests_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX account_deletion_requests_user_id_index ON public.account_deletion_requests USING btree (user_id);


--
-- Name: audit_logs_key_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_logs_key_id_index ON public.audit_logs USING btree (key_id);


--
-- Name: audit_logs_oauth_token_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_logs_oauth_token_id_index ON public.audit_logs USING btree (oauth_token_id);


--
-- Name: audit_logs_organization_id_inserted_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_logs_organization_id_inserted_at_index ON public.audit_logs USING btree (organization_id, inserted_at DESC);


--
-- Name: audit_logs_params_package_id_inserted_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_logs_params_package_id_inserted_at_index ON public.audit_logs USING btree (((((params -> 'package'::text) ->> 'id'::text))::integer), inserted_at DESC);


--
-- Name: audit_logs_user_id_inserted_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_logs_user_id_inserted_at_index ON public.audit_logs USING btree (user_id, inserted_at DESC);


--
-- Name: authorization_codes_client_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX authorization_codes_client_id_index ON public.authorization_codes USING btree (client_id);


--
-- Name: authorization_codes_code_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX authorization_codes_code_index ON public.authorization_codes USING btree (code);


--
-- Name: authorization_codes_expires_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX authorization_codes_expires_at_index ON public.authorization_codes USING btree (expires_at);


--
-- Name: device_codes_device_code_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX device_codes_device_code_index ON public.device_codes USING btree (device_code);


--
-- Name: device_codes_expires_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_codes_expires_at_index ON public.device_codes USING btree (expires_at);


--
-- Name: device_codes_status_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX device_codes_status_index ON public.device_codes USING btree (status);


--
-- Name: device_codes_user_code_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX device_codes_user_code_index ON public.device_codes USING btree (user_code);


--
-- Name: downloads_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX downloads_day_idx ON public.downloads USING btree (day);


--
-- Name: downloads_package_id_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX downloads_package_id_day_idx ON public.downloads USING btree (package_id, day);


--
-- Name: downloads_release_id_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX downloads_release_id_day_idx ON public.downloads USING btree (release_id, day);


--
-- Name: emails_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX emails_email_key ON public.emails USING btree (email) WHERE (verified = true);


--
-- Name: emails_email_user_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX emails_email_user_key ON public.emails USING btree (email, user_id);


--
-- Name: emails_user_id_case_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX emails_user_id_case_idx ON public.emails USING btree (user_id, (
CASE
    WHEN "primary" THEN true
    ELSE NULL::boolean
END));


--
-- Name: emails_user_id_case_idx1; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX emails_user_id_case_idx1 ON public.emails USING btree (user_id, (
CASE
    WHEN public THEN true
    ELSE NULL::boolean
END));


--
-- Name: installs_hex_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX installs_hex_index ON public.installs USING btree (hex);


--
-- Name: keys_organization_id_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX keys_organization_id_name_index ON public.keys USING btree (organization_id, name);


--
-- Name: keys_public_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX keys_public_index ON public.keys USING btree (public);


--
-- Name: keys_revoke_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX keys_revoke_at_index ON public.keys USING btree (revoke_at);


--
-- Name: keys_user_id_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX keys_user_id_name_index ON public.keys USING btree (user_id, name);


--
-- Name: oauth_tokens_device_code_grant_reference_client_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX oauth_tokens_device_code_grant_reference_client_id_index ON public.oauth_tokens USING btree (grant_reference, client_id) WHERE (((grant_type)::text = 'urn:ietf:params:oauth:grant-type:device_code'::text) AND (revoked_at IS NULL));


--
-- Name: oauth_tokens_expires_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_tokens_expires_at_index ON public.oauth_tokens USING btree (expires_at);


--
-- Name: oauth_tokens_jti_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX oauth_tokens_jti_index ON public.oauth_tokens USING btree (jti);


--
-- Name: oauth_tokens_refresh_jti_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX oauth_tokens_refresh_jti_index ON public.oauth_tokens USING btree (refresh_jti);


--
-- Name: oauth_tokens_refresh_token_hash_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX oauth_tokens_refresh_token_hash_index ON public.oauth_tokens USING btree (refresh_token_hash) WHERE (refresh_token_hash IS NOT NULL);


--
-- Name: oauth_tokens_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_tokens_user_id_index ON public.oauth_tokens USING btree (user_id);


--
-- Name: oauth_tokens_user_session_id_full_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_tokens_user_session_id_full_index ON public.oauth_tokens USING btree (user_session_id);


--
-- Name: organization_users_organization_id_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX organization_users_organization_id_user_id_index ON public.organization_users USING btree (organization_id, user_id);


--
-- Name: organization_users_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX organization_users_user_id_index ON public.organization_users USING btree (user_id);


--
-- Name: organizations_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX organizations_name_index ON public.organizations USING btree (name);


--
-- Name: package_dependants_dependency_id_dependant_repository_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_dependants_dependency_id_dependant_repository_id_index ON public.package_dependants USING btree (dependency_id, dependant_repository_id) INCLUDE (package_id);


--
-- Name: package_dependants_dependency_id_package_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX package_dependants_dependency_id_package_id_index ON public.package_dependants USING btree (dependency_id, package_id);


--
-- Name: package_downloads_downloads_DESC_NULLS_LAST_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "package_downloads_downloads_DESC_NULLS_LAST_index" ON public.package_downloads USING btree (downloads DESC NULLS LAST);


--
-- Name: package_downloads_package_id_view_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX package_downloads_package_id_view_idx ON public.package_downloads USING btree (package_id, view);


--
-- Name: package_downloads_view_downloads_package_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_downloads_view_downloads_package_id_idx ON public.package_downloads USING btree (view, downloads DESC NULLS LAST, package_id);


--
-- Name: package_owners_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_owners_user_id_index ON public.package_owners USING btree (user_id);


--
-- Name: package_report_comments_package_report_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_report_comments_package_report_id_index ON public.package_report_comments USING btree (package_report_id);


--
-- Name: package_report_releases_package_report_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_report_releases_package_report_id_index ON public.package_report_releases USING btree (package_report_id);


--
-- Name: package_report_releases_release_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_report_releases_release_id_index ON public.package_report_releases USING btree (release_id);


--
-- Name: package_reports_package_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX package_reports_package_id_index ON public.package_reports USING btree (package_id);


--
-- Name: packages_description_text; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX packages_description_text ON public.packages USING gin (to_tsvector('english'::regconfig, regexp_replace(((meta -> 'description'::text))::text, '/'::text, ' '::text)));


--
-- Name: packages_inserted_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX packages_inserted_at_idx ON public.packages USING btree (inserted_at);


--
-- Name: packages_meta_extra_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX packages_meta_extra_idx ON public.packages USING gin (((meta -> 'extra'::text)) jsonb_path_ops);


--
-- Name: packages_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX packages_name_index ON public.packages USING btree (name);


--
-- Name: packages_name_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX packages_name_trgm ON public.packages USING gin (name public.gin_trgm_ops);


--
-- Name: packages_repository_id_name_text_pattern_ops_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX packages_repository_id_name_text_pattern_ops_index ON public.packages USING btree (repository_id, name text_pattern_ops);


--
-- Name: packages_updated_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX packages_updated_at_idx ON public.packages USING btree (updated_at);


--
-- Name: password_resets_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX password_resets_user_id_index ON public.password_resets USING btree (user_id);


--
-- Name: release_downloads_release_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX release_downloads_release_id_idx ON public.release_downloads USING btree (release_id);


--
-- Name: releases_inserted_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX releases_inserted_at_idx ON public.releases USING btree (inserted_at);


--
-- Name: releases_meta_build_tools_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX releases_meta_build_tools_idx ON public.releases USING gin (((meta -> 'build_tools'::text)));


--
-- Name: releases_package_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX releases_package_id_idx ON public.releases USING btree (package_id);


--
-- Name: repositories_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX repositories_name_index ON public.repositories USING btree (name);


--
-- Name: repositories_organization_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX repositories_organization_id_index ON public.repositories USING btree (organization_id);


--
-- Name: requirements_dependency_id_release_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requirements_dependency_id_release_id_index ON public.requirements USING btree (dependency_id, release_id);


--
-- Name: requirements_release_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requirements_release_id_idx ON public.requirements USING btree (release_id);


--
-- Name: reserved_packages_repository_id_name_version_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX reserved_packages_repository_id_name_version_index ON public.reserved_packages USING btree (repository_id, name, version);


--
-- Name: reserved_usernames_name_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX reserved_usernames_name_idx ON public.reserved_usernames USING btree (lower((name)::text));


--
-- Name: security_advisory_affected_packages_package_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX security_advisory_affected_packages_package_id_index ON public.security_advisory_affected_packages USING btree (package_id);


--
-- Name: security_advisory_affected_releases_release_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX security_advisory_affected_releases_release_id_index ON public.security_advisory_affected_releases USING btree (release_id);


--
-- Name: security_advisory_affected_versions_advisory_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX security_advisory_affected_versions_advisory_id_index ON public.security_advisory_affected_versions USING btree (advisory_id);


--
-- Name: security_advisory_affected_versions_package_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX security_advisory_affected_versions_package_id_index ON public.security_advisory_affected_versions USING btree (package_id);


--
-- Name: security_advisory_references_advisory_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX security_advisory_references_advisory_id_index ON public.security_advisory_references USING btree (advisory_id);


--
-- Name: sessions_updated_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_updated_at_index ON public.sessions USING btree (updated_at);


--
-- Name: short_urls_short_code_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX short_urls_short_code_index ON public.short_urls USING btree (short_code);


--
-- Name: user_providers_provider_provider_uid_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX user_providers_provider_provider_uid_index ON public.user_providers USING btree (provider, provider_uid);


--
-- Name: user_providers_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_providers_user_id_index ON public.user_providers USING btree (user_id);


--
-- Name: user_sessions_expires_at_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_sessions_expires_at_index ON public.user_sessions USING btree (expires_at);


--
-- Name: user_sessions_organization_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_sessions_organization_id_index ON public.user_sessions USING btree (organization_id);


--
-- Name: user_sessions_session_token_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_sessions_session_token_index ON public.user_sessions USING btree (session_token);


--
-- Name: user_sessions_type_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_sessions_type_index ON public.user_sessions USING btree (type);


--
-- Name: user_sessions_user_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_sessions_user_id_index ON public.user_sessions USING btree (user_id);


--
-- Name: users_organization_id_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX users_organization_id_index ON public.users USING btree (organization_id);


--
-- Name: users_username_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX users_username_idx ON public.users USING btree (username);


--
-- Name: account_deletion_requests account_deletion_requests_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account_deletion_requests
    ADD CONSTRAINT account_deletion_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: audit_logs audit_logs_actor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT audit_logs_actor_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: audit_logs audit_logs_key_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT audit_logs_key_id_fkey FOREIGN KEY (key_id) REFERENCES public.keys(id) ON DELETE SET NULL;


--
-- Name: audit_logs audit_logs_oauth_token_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT audit_logs_oauth_token_id_fkey FOREIGN KEY (oauth_token_id) REFERENCES public.oauth_tokens(id) ON DELETE SET NULL;


--
-- Name: audit_logs audit_logs_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT audit_logs_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);


--
-- Name: authorization_codes authorization_codes_client_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authorization_codes
    ADD CONSTRAINT authorization_codes_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.oauth_clients(client_id) ON DELETE CASCADE;


--
-- Name: authorization_codes authorization_codes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authorization_codes
    ADD CONSTRAINT authorization_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: device_codes device_codes_client_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_codes
    ADD CONSTRAINT device_codes_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.oauth_clients(client_id) ON DELETE CASCADE;


--
-- Name: device_codes device_codes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.device_codes
    ADD CONSTRAINT device_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: downloads downloads_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.downloads
    ADD CONSTRAINT downloads_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id) ON DELETE CASCADE;


--
-- Name: downloads downloads_release_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.downloads
    ADD CONSTRAINT downloads_release_id_fkey FOREIGN KEY (release_id) REFERENCES public.releases(id) ON DELETE CASCADE;


--
-- Name: emails emails_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.emails
    ADD CONSTRAINT emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: keys keys_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.keys
    ADD CONSTRAINT keys_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);


--
-- Name: keys keys_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.keys
    ADD CONSTRAINT keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: oauth_tokens oauth_tokens_client_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_tokens
    ADD CONSTRAINT oauth_tokens_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.oauth_clients(client_id) ON DELETE CASCADE;


--
-- Name: oauth_tokens oauth_tokens_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_tokens
    ADD CONSTRAINT oauth_tokens_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: oauth_tokens oauth_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_tokens
    ADD CONSTRAINT oauth_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: oauth_tokens oauth_tokens_user_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_tokens
    ADD CONSTRAINT oauth_tokens_user_session_id_fkey FOREIGN KEY (user_session_id) REFERENCES public.user_sessions(id) ON DELETE SET NULL;


--
-- Name: organization_users organization_users_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_users
    ADD CONSTRAINT organization_users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);


--
-- Name: organization_users organization_users_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_users
    ADD CONSTRAINT organization_users_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: package_dependants package_dependants_dependant_repository_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_dependants
    ADD CONSTRAINT package_dependants_dependant_repository_id_fkey FOREIGN KEY (dependant_repository_id) REFERENCES public.repositories(id) ON DELETE CASCADE;


--
-- Name: package_dependants package_dependants_dependency_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_dependants
    ADD CONSTRAINT package_dependants_dependency_id_fkey FOREIGN KEY (dependency_id) REFERENCES public.packages(id) ON DELETE CASCADE;


--
-- Name: package_dependants package_dependants_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_dependants
    ADD CONSTRAINT package_dependants_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id) ON DELETE CASCADE;


--
-- Name: package_owners package_owners_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_owners
    ADD CONSTRAINT package_owners_owner_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: package_owners package_owners_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_owners
    ADD CONSTRAINT package_owners_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id) ON DELETE CASCADE;


--
-- Name: package_report_comments package_report_comments_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_comments
    ADD CONSTRAINT package_report_comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: package_report_comments package_report_comments_package_report_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_comments
    ADD CONSTRAINT package_report_comments_package_report_id_fkey FOREIGN KEY (package_report_id) REFERENCES public.package_reports(id);


--
-- Name: package_report_releases package_report_releases_package_report_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_releases
    ADD CONSTRAINT package_report_releases_package_report_id_fkey FOREIGN KEY (package_report_id) REFERENCES public.package_reports(id);


--
-- Name: package_report_releases package_report_releases_release_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_report_releases
    ADD CONSTRAINT package_report_releases_release_id_fkey FOREIGN KEY (release_id) REFERENCES public.releases(id);


--
-- Name: package_reports package_reports_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_reports
    ADD CONSTRAINT package_reports_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: package_reports package_reports_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.package_reports
    ADD CONSTRAINT package_reports_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id);


--
-- Name: packages packages_repository_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.packages
    ADD CONSTRAINT packages_repository_id_fkey FOREIGN KEY (repository_id) REFERENCES public.repositories(id);


--
-- Name: password_resets password_resets_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_resets
    ADD CONSTRAINT password_resets_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: releases releases_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.releases
    ADD CONSTRAINT releases_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id) ON DELETE RESTRICT;


--
-- Name: releases releases_publisher_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.releases
    ADD CONSTRAINT releases_publisher_id_fkey FOREIGN KEY (publisher_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: repositories repositories_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repositories
    ADD CONSTRAINT repositories_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);


--
-- Name: requirements requirements_dependency_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requirements
    ADD CONSTRAINT requirements_dependency_id_fkey FOREIGN KEY (dependency_id) REFERENCES public.packages(id) ON DELETE RESTRICT;


--
-- Name: requirements requirements_release_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requirements
    ADD CONSTRAINT requirements_release_id_fkey FOREIGN KEY (release_id) REFERENCES public.releases(id) ON DELETE CASCADE;


--
-- Name: reserved_packages reserved_packages_repository_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reserved_packages
    ADD CONSTRAINT reserved_packages_repository_id_fkey FOREIGN KEY (repository_id) REFERENCES public.repositories(id);


--
-- Name: security_advisory_affected_packages security_advisory_affected_packages_advisory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_packages
    ADD CONSTRAINT security_advisory_affected_packages_advisory_id_fkey FOREIGN KEY (advisory_id) REFERENCES public.security_advisories(id) ON DELETE CASCADE;


--
-- Name: security_advisory_affected_packages security_advisory_affected_packages_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_packages
    ADD CONSTRAINT security_advisory_affected_packages_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id) ON DELETE CASCADE;


--
-- Name: security_advisory_affected_releases security_advisory_affected_releases_advisory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_releases
    ADD CONSTRAINT security_advisory_affected_releases_advisory_id_fkey FOREIGN KEY (advisory_id) REFERENCES public.security_advisories(id) ON DELETE CASCADE;


--
-- Name: security_advisory_affected_releases security_advisory_affected_releases_release_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_releases
    ADD CONSTRAINT security_advisory_affected_releases_release_id_fkey FOREIGN KEY (release_id) REFERENCES public.releases(id) ON DELETE CASCADE;


--
-- Name: security_advisory_affected_versions security_advisory_affected_versions_advisory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_versions
    ADD CONSTRAINT security_advisory_affected_versions_advisory_id_fkey FOREIGN KEY (advisory_id) REFERENCES public.security_advisories(id) ON DELETE CASCADE;


--
-- Name: security_advisory_affected_versions security_advisory_affected_versions_package_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_affected_versions
    ADD CONSTRAINT security_advisory_affected_versions_package_id_fkey FOREIGN KEY (package_id) REFERENCES public.packages(id) ON DELETE CASCADE;


--
-- Name: security_advisory_references security_advisory_references_advisory_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.security_advisory_references
    ADD CONSTRAINT security_advisory_references_advisory_id_fkey FOREIGN KEY (advisory_id) REFERENCES public.security_advisories(id) ON DELETE CASCADE;


--
-- Name: user_providers user_providers_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_providers
    ADD CONSTRAINT user_providers_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: user_sessions user_sessions_client_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.oauth_clients(client_id) ON DELETE CASCADE;


--
-- Name: user_sessions user_sessions_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: user_sessions user_sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT user_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: users users_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id);


--
-- PostgreSQL database dump complete
--


