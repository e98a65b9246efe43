--
-- PostgreSQL database dump
--

\restrict 7YuusIezfqL9eNthERRiXpySkoNXNNRaGegzw3ZOTqgPKeGPQZCdH4M3jpamafl

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
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: unaccent; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;


--
-- Name: EXTENSION unaccent; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION unaccent IS 'text search dictionary that removes accents';


--
-- Name: mtrack_nocase(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mtrack_nocase(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $_$;


--
-- Name: mtrack_english; Type: TEXT SEARCH DICTIONARY; Schema: public; Owner: -
--

CREATE TEXT SEARCH DICTIONARY public.mtrack_english (
    TEMPLATE = pg_catalog.snowball,
    language = 'english' );


--
-- Name: mtrack_search; Type: TEXT SEARCH CONFIGURATION; Schema: public; Owner: -
--

CREATE TEXT SEARCH CONFIGURATION public.mtrack_search (
    PARSER = pg_catalog."default" );

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR asciiword WITH public.unaccent, public.mtrack_english;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR word WITH public.unaccent, public.mtrack_english;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR numword WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR email WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR url WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR host WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR sfloat WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR version WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR hword_numpart WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR hword_part WITH public.unaccent, public.mtrack_english;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR hword_asciipart WITH public.unaccent, public.mtrack_english;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR numhword WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR asciihword WITH public.unaccent, public.mtrack_english;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR hword WITH public.unaccent, public.mtrack_english;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR url_path WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR file WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR "float" WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR "int" WITH simple;

ALTER TEXT SEARCH CONFIGURATION public.mtrack_search
    ADD MAPPING FOR uint WITH simple;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: agreement_minerals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_minerals (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    mineral_id bigint NOT NULL
);


--
-- Name: agreement_parties; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_parties (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    organisation_id bigint NOT NULL,
    role text NOT NULL,
    name_as_written text
);


--
-- Name: agreement_search; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_search (
    agreement_id bigint NOT NULL,
    document tsvector NOT NULL
);


--
-- Name: agreement_sources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_sources (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    source_id bigint NOT NULL
);


--
-- Name: agreement_stages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_stages (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    stage text NOT NULL
);


--
-- Name: agreements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreements (
    id bigint NOT NULL,
    key text NOT NULL COLLATE pg_catalog."C",
    type text NOT NULL,
    title text DEFAULT ''::text NOT NULL,
    status text DEFAULT 'unknown'::text NOT NULL,
    binding boolean,
    value_minor bigint,
    value_currency text COLLATE pg_catalog."C",
    value_approximate boolean DEFAULT false NOT NULL,
    value_as_written text,
    ceiling_minor bigint,
    ceiling_currency text COLLATE pg_catalog."C",
    ceiling_approximate boolean DEFAULT false NOT NULL,
    ceiling_as_written text,
    term text,
    announced text,
    signed text,
    expires text,
    date_first integer,
    date_last integer,
    site text,
    region text,
    country text,
    notes text DEFAULT ''::text NOT NULL,
    signature text DEFAULT ''::text NOT NULL COLLATE pg_catalog."C",
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT agreements_check CHECK (((value_minor IS NULL) = (value_currency IS NULL))),
    CONSTRAINT agreements_check1 CHECK (((ceiling_minor IS NULL) = (ceiling_currency IS NULL))),
    CONSTRAINT agreements_status_check CHECK ((status = ANY (ARRAY['proposed'::text, 'signed'::text, 'approved'::text, 'completed'::text, 'terminated'::text, 'unknown'::text]))),
    CONSTRAINT agreements_type_check CHECK ((type = ANY (ARRAY['mou'::text, 'loan'::text, 'offtake'::text, 'contract'::text, 'loi'::text, 'grant'::text, 'investment'::text, 'jv'::text, 'framework'::text, 'partnership'::text, 'merger'::text, 'other'::text])))
);


--
-- Name: agreements_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.agreements ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.agreements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: minerals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.minerals (
    id bigint NOT NULL,
    name text NOT NULL COLLATE pg_catalog."C",
    symbol text,
    kind text NOT NULL,
    usgs2025 boolean DEFAULT false NOT NULL,
    usgs2022 boolean DEFAULT false NOT NULL,
    eu2023 text DEFAULT 'no'::text NOT NULL,
    CONSTRAINT minerals_kind_check CHECK ((kind = ANY (ARRAY['element'::text, 'commodity'::text, 'group'::text, 'set'::text])))
);


--
-- Name: dashboard_agreement_minerals; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.dashboard_agreement_minerals AS
 SELECT a.id AS agreement_id,
    a.key,
    a.type,
    a.status,
    m.name AS mineral,
    m.kind AS mineral_kind,
    ((a.value_minor)::numeric / 100.0) AS value,
    a.value_currency AS currency,
    to_date((a.date_first)::text, 'YYYYMMDD'::text) AS filed_from,
    a.country
   FROM ((public.agreements a
     JOIN public.agreement_minerals x ON ((x.agreement_id = a.id)))
     JOIN public.minerals m ON ((m.id = x.mineral_id)));


--
-- Name: organisations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisations (
    id bigint NOT NULL,
    name text NOT NULL COLLATE pg_catalog."C",
    country text,
    kind text DEFAULT 'company'::text NOT NULL
);


--
-- Name: dashboard_agreement_parties; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.dashboard_agreement_parties AS
 SELECT a.id AS agreement_id,
    a.key,
    a.type,
    a.status,
    o.name AS organisation,
    o.kind AS organisation_kind,
    o.country AS organisation_country,
    p.role,
    COALESCE(p.name_as_written, o.name) AS name_as_written,
    ((a.value_minor)::numeric / 100.0) AS value,
    a.value_currency AS currency,
    to_date((a.date_first)::text, 'YYYYMMDD'::text) AS filed_from
   FROM ((public.agreements a
     JOIN public.agreement_parties p ON ((p.agreement_id = a.id)))
     JOIN public.organisations o ON ((o.id = p.organisation_id)));


--
-- Name: tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tags (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    tag text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: dashboard_agreements; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.dashboard_agreements AS
 SELECT a.id,
    a.key,
    a.type,
    a.title,
    a.status,
    a.binding,
    ((a.value_minor)::numeric / 100.0) AS value,
    a.value_currency AS currency,
    a.value_approximate,
    ((a.ceiling_minor)::numeric / 100.0) AS ceiling,
    a.ceiling_currency,
    a.announced,
    a.signed,
    a.expires,
    to_date((a.date_first)::text, 'YYYYMMDD'::text) AS filed_from,
    to_date((a.date_last)::text, 'YYYYMMDD'::text) AS filed_until,
    a.country,
    a.region,
    a.site,
    ( SELECT string_agg(o.name, '; '::text ORDER BY p."position") AS string_agg
           FROM (public.agreement_parties p
             JOIN public.organisations o ON ((o.id = p.organisation_id)))
          WHERE (p.agreement_id = a.id)) AS parties,
    ( SELECT string_agg(m.name, '; '::text ORDER BY x."position") AS string_agg
           FROM (public.agreement_minerals x
             JOIN public.minerals m ON ((m.id = x.mineral_id)))
          WHERE (x.agreement_id = a.id)) AS minerals,
    ( SELECT string_agg(t.tag, '; '::text ORDER BY t."position") AS string_agg
           FROM public.tags t
          WHERE (t.agreement_id = a.id)) AS tags,
    a.notes,
    a.created_at,
    a.updated_at
   FROM public.agreements a;


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    date text,
    status text,
    note text DEFAULT ''::text NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    value_minor bigint,
    value_currency text COLLATE pg_catalog."C",
    value_approximate boolean DEFAULT false NOT NULL,
    value_as_written text,
    ceiling_minor bigint,
    ceiling_currency text COLLATE pg_catalog."C",
    ceiling_approximate boolean DEFAULT false NOT NULL,
    ceiling_as_written text
);


--
-- Name: dashboard_events; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.dashboard_events AS
 SELECT a.id AS agreement_id,
    a.key,
    e."position",
    e.date,
    e.status,
    e.note,
    ((e.value_minor)::numeric / 100.0) AS value,
    e.value_currency AS currency
   FROM (public.agreements a
     JOIN public.events e ON ((e.agreement_id = a.id)));


--
-- Name: evidence; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.evidence (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    text text NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    start_offset bigint,
    end_offset bigint
);


--
-- Name: journal; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.journal (
    seq bigint NOT NULL,
    operation_id bigint NOT NULL,
    agreement_id bigint,
    key text,
    undo text NOT NULL
);


--
-- Name: journal_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.journal_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: journal_seq_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.journal_seq_seq OWNED BY public.journal.seq;


--
-- Name: merged_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.merged_keys (
    key text NOT NULL COLLATE pg_catalog."C",
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL
);


--
-- Name: meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meta (
    name text NOT NULL COLLATE pg_catalog."C",
    value text NOT NULL
);


--
-- Name: mineral_aliases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mineral_aliases (
    alias text NOT NULL,
    mineral_id bigint NOT NULL
);


--
-- Name: mineral_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mineral_groups (
    group_id bigint NOT NULL,
    member_id bigint NOT NULL
);


--
-- Name: minerals_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.minerals ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.minerals_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: operations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.operations (
    id bigint NOT NULL,
    at text NOT NULL,
    command text NOT NULL,
    changes bigint DEFAULT 0 NOT NULL,
    keys text
);


--
-- Name: organisation_aliases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisation_aliases (
    alias text NOT NULL COLLATE pg_catalog."C",
    organisation_id bigint NOT NULL
);


--
-- Name: organisations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.organisations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.organisations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: provenance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.provenance (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    field text NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    rule text DEFAULT ''::text NOT NULL,
    start_offset bigint,
    end_offset bigint,
    claim text DEFAULT ''::text NOT NULL
);


--
-- Name: rates; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rates (
    date text NOT NULL COLLATE pg_catalog."C",
    currency text NOT NULL COLLATE pg_catalog."C",
    base text NOT NULL COLLATE pg_catalog."C",
    rate text NOT NULL,
    source text DEFAULT ''::text NOT NULL
);


--
-- Name: related; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.related (
    agreement_id bigint NOT NULL,
    "position" integer NOT NULL,
    key text NOT NULL COLLATE pg_catalog."C",
    relation text NOT NULL
);


--
-- Name: schema_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_history (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone
);


--
-- Name: sources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sources (
    id bigint NOT NULL,
    title text DEFAULT ''::text NOT NULL,
    publisher text DEFAULT ''::text NOT NULL,
    url text DEFAULT ''::text NOT NULL,
    published text,
    sha256 text DEFAULT ''::text NOT NULL COLLATE pg_catalog."C",
    body bytea
);


--
-- Name: sources_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.sources ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.sources_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: journal seq; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.journal ALTER COLUMN seq SET DEFAULT nextval('public.journal_seq_seq'::regclass);


--
-- Data for Name: agreement_minerals; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.agreement_minerals (agreement_id, "position", mineral_id) FROM stdin;
1	0	36
1	1	45
2	0	70
\.


--
-- Data for Name: agreement_parties; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.agreement_parties (agreement_id, "position", organisation_id, role, name_as_written) FROM stdin;
1	0	1	lender	EXIM
1	1	35	borrower	AcmeRE
2	0	36	buyer	\N
2	1	35	seller	\N
\.


--
-- Data for Name: agreement_search; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.agreement_search (agreement_id, document) FROM stdin;
1	'400':39 'a':15B,17B,37 'acm':4A,30C 'acmer':34C,43 'and':16B 'approv':36 'bank':24C 'earth':9A,32C 'exim':1A,29C,35 'export':22C 'export-import':21C 'for':3A 'import':23C 'line':20B 'loan':2A,41 'ltd':33C 'madison':6A 'million':40 'newlin':18B 'note':12B 'of':25C 'plant':11A 'quot':14B 'rare':8A,31C 'rare-earth':7A 's':5A 'second':19B 'separ':10A 'state':28C 'the':26C 'to':42 'unit':27C 'us':38 'with':13B
2	'acm':4A,8C 'earth':10C 'glencor':1A,7C 'ltd':11C 'ndpr':5A 'of':3A 'offtak':2A 'oxid':6A 'rare':9C
\.


--
-- Data for Name: agreement_sources; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.agreement_sources (agreement_id, "position", source_id) FROM stdin;
1	0	1
\.


--
-- Data for Name: agreement_stages; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.agreement_stages (agreement_id, "position", stage) FROM stdin;
1	0	separation
1	1	metal
\.


--
-- Data for Name: agreements; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.agreements (id, key, type, title, status, binding, value_minor, value_currency, value_approximate, value_as_written, ceiling_minor, ceiling_currency, ceiling_approximate, ceiling_as_written, term, announced, signed, expires, date_first, date_last, site, region, country, notes, signature, created_at, updated_at) FROM stdin;
1	exim-acme-loan-2024	loan	EXIM loan for Acme's "Madison" rare-earth separation plant	approved	t	40000000050	USD	f	US$400 million	120000000000	USD	t	\N	P15Y	2024-08	2024-09-15	2039	20240915	20240915	Madison plant	Missouri	US	Notes with 'quotes', a ; and a newline\nsecond line	loan:1,35	2026-12-06 12:11:01.018279+00	2026-12-06 12:11:01.018279+00
2	acme-glencore-offtake	offtake	Glencore offtake of Acme NdPr oxide	signed	f	500000000	AUD	f	\N	\N	\N	f	\N	P6M	2025	\N	\N	20250101	20251231	\N	\N	AU		offtake:35,36	2026-12-06 12:11:01.018279+00	2026-12-06 12:11:01.018279+00
\.


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.events (agreement_id, "position", date, status, note, source, value_minor, value_currency, value_approximate, value_as_written, ceiling_minor, ceiling_currency, ceiling_approximate, ceiling_as_written) FROM stdin;
1	0	2024-06	proposed	letter of interest		\N	\N	f	\N	\N	\N	f	\N
1	1	2024-08	approved	board approval		\N	\N	f	\N	\N	\N	f	\N
\.


--
-- Data for Name: evidence; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.evidence (agreement_id, "position", text, source, start_offset, end_offset) FROM stdin;
1	0	EXIM approved a US$400 million loan to AcmeRE.	0	\N	\N
\.


--
-- Data for Name: journal; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.journal (seq, operation_id, agreement_id, key, undo) FROM stdin;
\.


--
-- Data for Name: merged_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.merged_keys (key, agreement_id, "position") FROM stdin;
\.


--
-- Data for Name: meta; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.meta (name, value) FROM stdin;
application	mtrack
schema_version	8
data_hash	95d0ad6647a4cc50
\.


--
-- Data for Name: mineral_aliases; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.mineral_aliases (alias, mineral_id) FROM stdin;
aluminium	1
bauxite	1
alumina	1
primary aluminum	1
primary aluminium	1
antimony trisulfide	2
antimony trisulphide	2
antimony sulfide	2
antimony sulphide	2
stibnite	2
antimony trioxide	2
antimony ingot	2
antimony metal	2
needle antimony	2
baryte	4
barytes	4
barium sulfate	4
barium sulphate	4
beryl	5
bertrandite	5
borate	7
borates	7
boric acid	7
colemanite	7
ulexite	7
kernite	7
cerium oxide	8
ceria	8
caesium	9
pollucite	9
chrome	10
chromite	10
ferrochrome	10
ferrochromium	10
cobalt sulfate	11
cobalt sulphate	11
cobalt hydroxide	11
cobalt metal	11
cobalt concentrate	11
copper cathode	12
copper cathodes	12
copper concentrate	12
copper concentrates	12
red metal	12
dysprosium oxide	13
Dy oxide	13
dysprosium-iron	13
grain-oriented electrical steel	14
GOES	14
non-grain-oriented electrical steel	14
NOES	14
amorphous steel	14
silicon steel	14
erbium oxide	15
europium oxide	16
hydrofluoric acid	18
hydrogen fluoride	18
fluorite	19
calcium fluoride	19
acid-grade fluorspar	19
acidspar	19
metallurgical-grade fluorspar	19
metspar	19
ceramic-grade fluorspar	19
gadolinium oxide	20
gallium metal	21
germanium dioxide	22
germanium tetrachloride	22
natural graphite	23
flake graphite	23
natural flake graphite	23
spherical graphite	23
coated spherical purified graphite	23
CSPG	23
synthetic graphite	23
artificial graphite	23
graphite anode	23
battery-grade graphite	23
holmium oxide	26
lanthanum oxide	29
lithium carbonate	31
Li2CO3	31
lithium hydroxide	31
lithium hydroxide monohydrate	31
LiOH	31
lithium carbonate equivalent	31
LCE	31
spodumene	31
spodumene concentrate	31
SC6	31
lepidolite	31
petalite	31
lithium brine	31
battery-grade lithium	31
magnesium metal	33
magnesite	33
manganese sulfate	34
manganese sulphate	34
high-purity manganese sulfate	34
high-purity manganese sulphate	34
HPMSM	34
electrolytic manganese metal	34
EMM	34
manganese ore	34
ferromanganese	34
silicomanganese	34
battery-grade manganese	34
met coal	35
coking coal	35
hard coking coal	35
semi-soft coking coal	35
PCI coal	35
neodymium oxide	36
Nd oxide	36
NdFeB	36
neodymium-iron-boron	36
nickel sulfate	37
nickel sulphate	37
nickel matte	37
class 1 nickel	37
nickel pig iron	37
NPI	37
ferronickel	37
nickel metal	37
battery-grade nickel	37
columbium	38
ferroniobium	38
FeNb	38
columbite	38
pyrochlore	38
phosphate rock	41
rock phosphate	41
phosphorite	41
phosphoric acid	41
white phosphorus	42
elemental phosphorus	42
muriate of potash	44
MOP	44
potassium chloride	44
sulfate of potash	44
sulphate of potash	44
SOP	44
potassium sulfate	44
potassium sulphate	44
praseodymium oxide	45
Pr oxide	45
samarium oxide	51
samarium-cobalt	51
SmCo	51
scandium oxide	52
scandia	52
silicon metal	53
metallurgical-grade silicon	53
polysilicon	53
ferrosilicon	53
SiC	54
celestine	56
celestite	56
coltan	57
tantalite	57
terbium oxide	59
Tb oxide	59
cassiterite	61
titanium metal	62
titanium sponge	62
ilmenite	62
rutile	62
wolfram	63
ammonium paratungstate	63
APT	63
tungsten concentrate	63
wolframite	63
scheelite	63
WO3	63
ferrotungsten	63
tungsten carbide	63
U3O8	64
yellowcake	64
uranium concentrate	64
UF6	64
uranium hexafluoride	64
enriched uranium	64
LEU	64
low-enriched uranium	64
HALEU	64
high-assay low-enriched uranium	64
vanadium pentoxide	65
V2O5	65
ferrovanadium	65
FeV	65
yttrium oxide	67
Y oxide	67
yttria	67
zinc concentrate	68
zircon	69
zirconia	69
REE	70
REEs	70
rare earth elements	70
rare-earth elements	70
rare earth metals	70
rare-earths	70
rare earth	70
rare-earth	70
rare earth oxides	70
REO	70
TREO	70
MREC	70
mixed rare earth carbonate	70
LREE	71
LREEs	71
light rare earth elements	71
light rare-earth elements	71
LREO	71
HREE	72
HREEs	72
heavy rare earth elements	72
heavy rare-earth elements	72
HREO	72
medium and heavy rare earths	72
magnet REEs	73
magnet rare earth elements	73
MREO	73
magnet rare earth oxides	73
PGM	74
PGMs	74
PGE	74
PGEs	74
platinum group elements	74
platinum-group metals	74
platinum-group elements	74
battery minerals	75
battery materials	75
neodymium-praseodymium	76
Nd-Pr	76
PrNd	76
NdPr oxide	76
didymium	76
dysprosium-terbium	77
TbDy	77
samarium-europium-gadolinium	78
\.


--
-- Data for Name: mineral_groups; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.mineral_groups (group_id, member_id) FROM stdin;
70	8
71	8
75	11
70	13
72	13
73	13
77	13
70	15
72	15
70	16
71	16
78	16
70	20
71	20
78	20
75	23
70	26
72	26
74	28
70	29
71	29
75	31
70	32
72	32
75	34
70	36
71	36
73	36
76	36
75	37
74	39
74	40
74	43
70	45
71	45
73	45
76	45
70	46
71	46
74	48
74	50
70	51
71	51
78	51
70	52
70	59
72	59
73	59
77	59
70	60
72	60
70	66
72	66
70	67
72	67
\.


--
-- Data for Name: minerals; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.minerals (id, name, symbol, kind, usgs2025, usgs2022, eu2023) FROM stdin;
1	aluminum	Al	element	t	t	strategic
2	antimony	Sb	element	t	t	critical
3	arsenic	As	element	t	t	critical
4	barite	\N	commodity	t	t	critical
5	beryllium	Be	element	t	t	critical
6	bismuth	Bi	element	t	t	strategic
7	boron	B	element	t	f	strategic
8	cerium	Ce	element	t	t	critical
9	cesium	Cs	element	t	t	no
10	chromium	Cr	element	t	t	no
11	cobalt	Co	element	t	t	strategic
12	copper	Cu	element	t	f	strategic
13	dysprosium	Dy	element	t	t	critical
14	electrical steel	\N	commodity	f	f	no
15	erbium	Er	element	t	t	critical
16	europium	Eu	element	t	t	critical
17	feldspar	\N	commodity	f	f	critical
18	fluorine	F	element	f	f	no
19	fluorspar	\N	commodity	t	t	critical
20	gadolinium	Gd	element	t	t	critical
21	gallium	Ga	element	t	t	strategic
22	germanium	Ge	element	t	t	strategic
23	graphite	\N	commodity	t	t	strategic
24	hafnium	Hf	element	t	t	critical
25	helium	He	element	f	f	critical
26	holmium	Ho	element	t	t	critical
27	indium	In	element	t	t	no
28	iridium	Ir	element	t	t	critical
29	lanthanum	La	element	t	t	critical
30	lead	Pb	element	t	f	no
31	lithium	Li	element	t	t	strategic
32	lutetium	Lu	element	t	t	critical
33	magnesium	Mg	element	t	t	strategic
34	manganese	Mn	element	t	t	strategic
35	metallurgical coal	\N	commodity	t	f	critical
36	neodymium	Nd	element	t	t	critical
37	nickel	Ni	element	t	t	strategic
38	niobium	Nb	element	t	t	critical
39	osmium	Os	element	f	f	no
40	palladium	Pd	element	t	t	critical
41	phosphate	\N	commodity	t	f	critical
42	phosphorus	P	element	f	f	critical
43	platinum	Pt	element	t	t	critical
44	potash	\N	commodity	t	f	no
45	praseodymium	Pr	element	t	t	critical
46	promethium	Pm	element	f	f	no
47	rhenium	Re	element	t	f	no
48	rhodium	Rh	element	t	t	critical
49	rubidium	Rb	element	t	t	no
50	ruthenium	Ru	element	t	t	critical
51	samarium	Sm	element	t	t	critical
52	scandium	Sc	element	t	t	critical
53	silicon	Si	element	t	f	strategic
54	silicon carbide	\N	commodity	f	f	no
55	silver	Ag	element	t	f	no
56	strontium	Sr	element	f	f	critical
57	tantalum	Ta	element	t	t	critical
58	tellurium	Te	element	t	t	no
59	terbium	Tb	element	t	t	critical
60	thulium	Tm	element	t	t	critical
61	tin	Sn	element	t	t	no
62	titanium	Ti	element	t	t	strategic
63	tungsten	W	element	t	t	strategic
64	uranium	U	element	t	f	no
65	vanadium	V	element	t	t	critical
66	ytterbium	Yb	element	t	t	critical
67	yttrium	Y	element	t	t	critical
68	zinc	Zn	element	t	t	no
69	zirconium	Zr	element	t	t	no
70	rare earths	\N	group	f	f	no
71	light rare earths	\N	group	f	f	critical
72	heavy rare earths	\N	group	f	f	critical
73	magnet rare earths	\N	group	f	f	no
74	platinum group metals	\N	group	f	f	strategic
75	battery metals	\N	group	f	f	no
76	NdPr	\N	set	f	f	no
77	DyTb	\N	set	f	f	no
78	SEG	\N	set	f	f	no
\.


--
-- Data for Name: operations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.operations (id, at, command, changes, keys) FROM stdin;
\.


--
-- Data for Name: organisation_aliases; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.organisation_aliases (alias, organisation_id) FROM stdin;
EXIM	1
US EXIM	1
U.S. EXIM	1
Ex-Im Bank	1
Ex-Im	1
EXIM Bank	1
Export-Import Bank	1
Export Import Bank of the United States	1
US Export-Import Bank	1
U.S. Export-Import Bank	1
DoD	2
Department of Defense	2
US Department of Defense	2
United States Department of Defense	2
Department of War	2
U.S. Department of War	2
US Department of War	2
United States Department of War	2
DoW	2
War Department	2
Pentagon	2
the Pentagon	2
OSC	3
DLA	4
DLA Strategic Materials	4
Defense Logistics Agency Strategic Materials	4
DLA-SM	4
Defense National Stockpile Center	4
DNSC	4
DOE	5
Department of Energy	5
US Department of Energy	5
United States Department of Energy	5
US DOE	5
U.S. DOE	5
DOE Loan Programs Office	5
Loan Programs Office	5
LPO	5
DOE LPO	5
Office of Energy Dominance Financing	5
EDF	5
NNSA	6
DOI	7
Department of the Interior	7
US Department of the Interior	7
United States Department of the Interior	7
Interior Department	7
USGS	8
US Geological Survey	8
United States Geological Survey	8
DFC	9
US DFC	9
U.S. DFC	9
Development Finance Corporation	9
US International Development Finance Corporation	9
United States International Development Finance Corporation	9
International Development Finance Corporation	9
USCIS	10
U.S. Citizenship and Immigration Services	10
US Citizenship and Immigration Services	10
JOGMEC	11
Japan Organisation for Metals and Energy Security	11
Organization for Metals and Energy Security	11
Organisation for Metals and Energy Security	11
Japan Oil, Gas and Metals National Corporation	11
JBIC	12
EFA	13
Export Finance and Insurance Corporation	13
EFIC	13
Kreditanstalt für Wiederaufbau	14
Kreditanstalt fuer Wiederaufbau	14
KfW Bankengruppe	14
UKEF	15
EDC	16
CIB	17
KEXIM	18
Korea Eximbank	18
Korea Export-Import Bank	18
EIB	19
EBRD	20
ADB	21
US	22
U.S.	22
USA	22
U.S.A.	22
United States of America	22
US government	22
U.S. government	22
United States government	22
Australian Government	23
Commonwealth of Australia	23
Government of Australia	23
Government of Canada	24
Canadian government	24
Government of Japan	25
Japanese government	25
Government of Ukraine	26
Ukrainian government	26
Republic of Korea	27
Korea	27
South Korean government	27
Federal Republic of Germany	28
German government	28
Government of Germany	28
EU	29
E.U.	29
UK	30
U.K.	30
UK government	30
Government of the United Kingdom	30
HM Government	30
Federative Republic of Brazil	31
Government of Brazil	31
Brazilian government	31
People's Republic of China	32
PRC	32
Chinese government	32
Government of China	32
Republic of India	33
Government of India	33
Indian government	33
Kingdom of Saudi Arabia	34
KSA	34
Saudi government	34
AcmeRE	35
\.


--
-- Data for Name: organisations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.organisations (id, name, country, kind) FROM stdin;
1	Export-Import Bank of the United States	US	agency
2	U.S. Department of Defense	US	agency
3	Office of Strategic Capital	US	agency
4	Defense Logistics Agency	US	agency
5	U.S. Department of Energy	US	agency
6	National Nuclear Security Administration	US	agency
7	U.S. Department of the Interior	US	agency
8	U.S. Geological Survey	US	agency
9	U.S. International Development Finance Corporation	US	agency
10	United States Citizenship and Immigration Services	US	agency
11	Japan Organization for Metals and Energy Security	JP	agency
12	Japan Bank for International Cooperation	JP	agency
13	Export Finance Australia	AU	agency
14	KfW	DE	agency
15	UK Export Finance	GB	agency
16	Export Development Canada	CA	agency
17	Canada Infrastructure Bank	CA	agency
18	Export-Import Bank of Korea	KR	agency
19	European Investment Bank	\N	multilateral
20	European Bank for Reconstruction and Development	\N	multilateral
21	Asian Development Bank	\N	multilateral
22	United States	US	government
23	Australia	AU	government
24	Canada	CA	government
25	Japan	JP	government
26	Ukraine	UA	government
27	South Korea	KR	government
28	Germany	DE	government
29	European Union	\N	government
30	United Kingdom	GB	government
31	Brazil	BR	government
32	China	CN	government
33	India	IN	government
34	Saudi Arabia	SA	government
35	Acme Rare Earths Ltd	\N	company
36	Glencore	\N	company
\.


--
-- Data for Name: provenance; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.provenance (agreement_id, "position", field, source, rule, start_offset, end_offset, claim) FROM stdin;
\.


--
-- Data for Name: rates; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.rates (date, currency, base, rate, source) FROM stdin;
\.


--
-- Data for Name: related; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.related (agreement_id, "position", key, relation) FROM stdin;
2	0	exim-acme-loan-2024	follows
\.


--
-- Data for Name: schema_history; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_history (version, name, applied_at) FROM stdin;
7	postgres/0007_init.sql	2026-12-06 12:11:00.547675+00
8	postgres/0008_journal.sql	2026-12-06 12:11:00.935655+00
\.


--
-- Data for Name: sources; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sources (id, title, publisher, url, published, sha256, body) FROM stdin;
1	Acme press release	Acme	https://example.com/acme	2024-08-15		\N
\.


--
-- Data for Name: tags; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.tags (agreement_id, "position", tag) FROM stdin;
1	0	exim
1	1	ünïcode tag
\.


--
-- Name: agreements_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.agreements_id_seq', 2, true);


--
-- Name: journal_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.journal_seq_seq', 1, false);


--
-- Name: minerals_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.minerals_id_seq', 78, true);


--
-- Name: organisations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.organisations_id_seq', 36, true);


--
-- Name: sources_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sources_id_seq', 1, true);


--
-- Name: agreement_minerals agreement_minerals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_minerals
    ADD CONSTRAINT agreement_minerals_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: agreement_parties agreement_parties_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_parties
    ADD CONSTRAINT agreement_parties_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: agreement_search agreement_search_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_search
    ADD CONSTRAINT agreement_search_pkey PRIMARY KEY (agreement_id);


--
-- Name: agreement_sources agreement_sources_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_sources
    ADD CONSTRAINT agreement_sources_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: agreement_stages agreement_stages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_stages
    ADD CONSTRAINT agreement_stages_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: agreements agreements_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_key_key UNIQUE (key);


--
-- Name: agreements agreements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: evidence evidence_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT evidence_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: journal journal_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.journal
    ADD CONSTRAINT journal_pkey PRIMARY KEY (seq);


--
-- Name: merged_keys merged_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.merged_keys
    ADD CONSTRAINT merged_keys_pkey PRIMARY KEY (key);


--
-- Name: meta meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (name);


--
-- Name: mineral_groups mineral_groups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mineral_groups
    ADD CONSTRAINT mineral_groups_pkey PRIMARY KEY (group_id, member_id);


--
-- Name: minerals minerals_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.minerals
    ADD CONSTRAINT minerals_name_key UNIQUE (name);


--
-- Name: minerals minerals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.minerals
    ADD CONSTRAINT minerals_pkey PRIMARY KEY (id);


--
-- Name: operations operations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.operations
    ADD CONSTRAINT operations_pkey PRIMARY KEY (id);


--
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);


--
-- Name: provenance provenance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.provenance
    ADD CONSTRAINT provenance_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: rates rates_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rates
    ADD CONSTRAINT rates_pkey PRIMARY KEY (currency, base, date);


--
-- Name: related related_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.related
    ADD CONSTRAINT related_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: schema_history schema_history_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_history
    ADD CONSTRAINT schema_history_pkey PRIMARY KEY (version);


--
-- Name: sources sources_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT sources_pkey PRIMARY KEY (id);


--
-- Name: tags tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_pkey PRIMARY KEY (agreement_id, "position");


--
-- Name: agreement_minerals_by_mineral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreement_minerals_by_mineral ON public.agreement_minerals USING btree (mineral_id, agreement_id);


--
-- Name: agreement_parties_by_organisation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreement_parties_by_organisation ON public.agreement_parties USING btree (organisation_id, agreement_id);


--
-- Name: agreement_search_by_document; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreement_search_by_document ON public.agreement_search USING gin (document);


--
-- Name: agreement_sources_by_source; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreement_sources_by_source ON public.agreement_sources USING btree (source_id);


--
-- Name: agreements_by_country; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_country ON public.agreements USING btree (public.mtrack_nocase(country));


--
-- Name: agreements_by_date_last; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_date_last ON public.agreements USING btree (date_last);


--
-- Name: agreements_by_listing_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_listing_order ON public.agreements USING btree (date_first, date_last, id);


--
-- Name: agreements_by_listing_order_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_listing_order_desc ON public.agreements USING btree (date_first DESC NULLS LAST, date_last DESC, id DESC);


--
-- Name: agreements_by_signature; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_signature ON public.agreements USING btree (signature, id);


--
-- Name: agreements_by_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_status ON public.agreements USING btree (status);


--
-- Name: agreements_by_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_type ON public.agreements USING btree (type);


--
-- Name: agreements_by_value; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_by_value ON public.agreements USING btree (value_currency, value_minor, id);


--
-- Name: journal_by_operation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX journal_by_operation ON public.journal USING btree (operation_id, seq);


--
-- Name: merged_keys_by_agreement; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX merged_keys_by_agreement ON public.merged_keys USING btree (agreement_id, "position");


--
-- Name: mineral_aliases_by_alias; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX mineral_aliases_by_alias ON public.mineral_aliases USING btree (public.mtrack_nocase(alias));


--
-- Name: organisation_aliases_by_alias; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX organisation_aliases_by_alias ON public.organisation_aliases USING btree (public.mtrack_nocase(alias));


--
-- Name: organisation_aliases_by_organisation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX organisation_aliases_by_organisation ON public.organisation_aliases USING btree (organisation_id);


--
-- Name: organisations_by_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX organisations_by_name ON public.organisations USING btree (public.mtrack_nocase(name));


--
-- Name: organisations_by_name_part; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX organisations_by_name_part ON public.organisations USING gin (public.mtrack_nocase(name) public.gin_trgm_ops);


--
-- Name: sources_by_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sources_by_sha256 ON public.sources USING btree (sha256);


--
-- Name: sources_by_title; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sources_by_title ON public.sources USING btree (title, publisher, url, sha256, id);


--
-- Name: sources_by_url; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sources_by_url ON public.sources USING btree (url, sha256, id);


--
-- Name: tags_by_tag; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tags_by_tag ON public.tags USING btree (tag, agreement_id);


--
-- Name: agreement_minerals agreement_minerals_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_minerals
    ADD CONSTRAINT agreement_minerals_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: agreement_minerals agreement_minerals_mineral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_minerals
    ADD CONSTRAINT agreement_minerals_mineral_id_fkey FOREIGN KEY (mineral_id) REFERENCES public.minerals(id);


--
-- Name: agreement_parties agreement_parties_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_parties
    ADD CONSTRAINT agreement_parties_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: agreement_parties agreement_parties_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_parties
    ADD CONSTRAINT agreement_parties_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);


--
-- Name: agreement_search agreement_search_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_search
    ADD CONSTRAINT agreement_search_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: agreement_sources agreement_sources_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_sources
    ADD CONSTRAINT agreement_sources_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: agreement_sources agreement_sources_source_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_sources
    ADD CONSTRAINT agreement_sources_source_id_fkey FOREIGN KEY (source_id) REFERENCES public.sources(id);


--
-- Name: agreement_stages agreement_stages_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_stages
    ADD CONSTRAINT agreement_stages_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: events events_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: evidence evidence_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT evidence_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: merged_keys merged_keys_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.merged_keys
    ADD CONSTRAINT merged_keys_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: mineral_aliases mineral_aliases_mineral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mineral_aliases
    ADD CONSTRAINT mineral_aliases_mineral_id_fkey FOREIGN KEY (mineral_id) REFERENCES public.minerals(id) ON DELETE CASCADE;


--
-- Name: mineral_groups mineral_groups_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mineral_groups
    ADD CONSTRAINT mineral_groups_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.minerals(id) ON DELETE CASCADE;


--
-- Name: mineral_groups mineral_groups_member_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mineral_groups
    ADD CONSTRAINT mineral_groups_member_id_fkey FOREIGN KEY (member_id) REFERENCES public.minerals(id) ON DELETE CASCADE;


--
-- Name: organisation_aliases organisation_aliases_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation_aliases
    ADD CONSTRAINT organisation_aliases_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id) ON DELETE CASCADE;


--
-- Name: provenance provenance_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.provenance
    ADD CONSTRAINT provenance_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: related related_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.related
    ADD CONSTRAINT related_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- Name: tags tags_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict 7YuusIezfqL9eNthERRiXpySkoNXNNRaGegzw3ZOTqgPKeGPQZCdH4M3jpamafl

