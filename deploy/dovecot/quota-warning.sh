#!/bin/sh
# Run by Dovecot's quota-warning service when a mailbox passes 90 % of its quota: delivers a French
# notice to the usager's INBOX with dovecot-lda (quota not enforced for this one message).
PERCENT=$1
USER=$2
cat <<MAIL | /usr/lib/dovecot/dovecot-lda -c "@ROOT@/conf/dovecot.conf" -d "$USER" -o "plugin/quota=count:Quota:noenforcing"
From: postmaster@landesmail.fr
To: $USER
Subject: Votre boite aux lettres est presque pleine
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour,

Votre boîte aux lettres $USER est remplie à $PERCENT %.
Supprimez les messages dont vous n'avez plus besoin (pensez à vider la corbeille),
ou demandez à votre aidant numérique d'augmenter votre espace.

Le service de messagerie PIN
MAIL
