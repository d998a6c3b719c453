-- Creates one database per PIN service, each owned by its own role, plus Keycloak's.
-- Run once by the postgis/postgis image on an empty data volume (docker-entrypoint-initdb.d,
-- after the image's own 10_postgis.sh), as the superuser, with psql ON_ERROR_STOP.
-- The k8s dev overlay embeds the same file (a test checks they stay identical).
--
-- The passwords are for local use only. Production databases come from the platform
-- (CloudNativePG: one Cluster per service, credentials in the <cluster>-app Secret).
-- No pin_gateway database: the gateway keeps no state of its own (sessions live in Redis).

CREATE ROLE pin_directory LOGIN PASSWORD 'pin_directory_dev';
CREATE DATABASE pin_directory OWNER pin_directory;

CREATE ROLE pin_mandates LOGIN PASSWORD 'pin_mandates_dev';
CREATE DATABASE pin_mandates OWNER pin_mandates;

CREATE ROLE pin_operators LOGIN PASSWORD 'pin_operators_dev';
CREATE DATABASE pin_operators OWNER pin_operators;
CREATE ROLE pin_safe LOGIN PASSWORD 'pin_safe_dev';
CREATE DATABASE pin_safe OWNER pin_safe;
-- mailbox: its own database, and the mail server's database (pin_mail, read by Dovecot) whose schema it migrates
CREATE ROLE pin_mailbox LOGIN PASSWORD 'pin_mailbox_dev';
CREATE DATABASE pin_mailbox OWNER pin_mailbox;
CREATE DATABASE pin_mail OWNER pin_mailbox;
CREATE ROLE pin_training LOGIN PASSWORD 'pin_training_dev';
CREATE DATABASE pin_training OWNER pin_training;
CREATE ROLE pin_labelling LOGIN PASSWORD 'pin_labelling_dev';
CREATE DATABASE pin_labelling OWNER pin_labelling;

CREATE ROLE keycloak LOGIN PASSWORD 'keycloak_dev';
CREATE DATABASE keycloak OWNER keycloak;

-- PostGIS is not a trusted extension: the superuser creates it, the service's migrations
-- only use it (CREATE EXTENSION IF NOT EXISTS is then a no-op).
\connect pin_directory
CREATE EXTENSION IF NOT EXISTS postgis;
