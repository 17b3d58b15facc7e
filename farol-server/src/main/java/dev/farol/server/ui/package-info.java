/**
 * The web UI on the query port: {@link dev.farol.server.ui.UiHandler} serves the files the farol-ui module built
 * (content-hashed assets, pre-compressed variants, a strict Content-Security-Policy) and answers every other path
 * with index.html, whose own router shows the screen. Modelled on how Zipkin serves its Lens UI from a jar
 * ({@code ZipkinUiConfiguration}): hashed assets cached forever, index.html revalidated.
 */
package dev.farol.server.ui;
