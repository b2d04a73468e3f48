package io.ferry.sandbox;

/** A COR external id within its source: COR maps external ids per {@code metadata.source}. */
record MappingKey(String source, String externalId) {
}
