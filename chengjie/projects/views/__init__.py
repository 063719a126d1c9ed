"""Project pages. Views stay thin: the access helper first, filters through selectors, writes through
services, a service's refusal shown on the field it names."""
