"""The staff workspace shared by every app's staff pages (cases, feedback, proactive, the front office,
the data-protection officer's search):

- nav:   the staff menu, filled by each staff area with the gate of its page, and each role's desk;
- pages: what the staff pages of every app do alike (the paginator, the error summary, the service's
         refusal by its field, the role a read is audited in, and the POST action view);
- forms: the forms they share (give to a handler, a form that is only its button) and the unit's
         handlers;
- views: the desk (/virkailija/), where a staff member lands after logging in.

Templates: web/staff_base.html (the layout) and web/staff/_*.html (its partials).
"""
