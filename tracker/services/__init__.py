"""Domain services: plain functions that pages, the API, imports and tasks all call.

Views, serializers and tasks validate input and call these; the rules live here (and the
pure status math in ``tracker.status``)."""
