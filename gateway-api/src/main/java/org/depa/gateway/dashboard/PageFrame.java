package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;

/**
 * What every page's frame shows: which section is open, who is looking, and the session's
 * anti-forgery token for the logout form (null when the caller came with a certificate, which has
 * no session to end).
 *
 * @param section the navigation entry that is current ("consortium", "datasets", ...)
 * @param title the page's heading and title
 * @param caller who is looking, as people read it ("lc-tdc (TDC, ConsumerMSP)")
 * @param organisations the organisations this gateway serves
 * @param csrf the session's form token, or null
 */
@TemplateData
record PageFrame(String section, String title, String caller, String organisations, String csrf) {}
