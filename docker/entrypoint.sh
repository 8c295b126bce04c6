#!/bin/sh
# Container start: schemas, NLU model and (in demo mode) demo data, then serve.
set -e
mobi db upgrade
[ -f "$MOBI_HOME/models/nlu.model" ] || mobi nlu train --out "$MOBI_HOME/models/nlu.model"
if [ "${MOBI_DEMO_MODE:-true}" = "true" ] && [ ! -f "$MOBI_HOME/.demo-built" ]; then
  mobi demo build && touch "$MOBI_HOME/.demo-built"
fi
exec mobi serve
