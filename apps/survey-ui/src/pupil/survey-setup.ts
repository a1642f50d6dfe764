/**
 * survey-core set up once for every page that renders the instrument (the pupil survey and the
 * print version): the UI languages the instrument offers, German as the source of `default`
 * texts, and the fontless theme.
 */
import { surveySourceLocale } from '@uwe/schema';
import { surveyLocalization } from 'survey-core';
import 'survey-core/i18n/arabic';
import 'survey-core/i18n/bulgarian';
import 'survey-core/i18n/german';
import 'survey-core/i18n/polish';
import 'survey-core/i18n/romanian';
import 'survey-core/i18n/turkish';
import 'survey-core/i18n/ukrainian';
// The fontless theme: the stock one loads Open Sans from Google's servers, which would tell a
// third party about every child's device (and fails offline and under our CSP).
import 'survey-core/survey-core.fontless.css';

// Texts under `default` are German, the instrument's source language (survey-core assumes English).
surveyLocalization.defaultLocale = surveySourceLocale;
// Simple German uses German navigation words.
surveyLocalization.locales['de-simple'] ??= surveyLocalization.locales.de!;
surveyLocalization.localeNames['de-simple'] ??= 'Einfache Sprache';
// The progress bar reads "Seite 3 von 25" (see SurveyView.tsx). survey-core's Arabic text has its
// placeholders in visual order ("{1} صفحة {0} من"), which in a right-to-left page reads "of 3 page
// 25"; in logical order it reads "page 3 of 25". (To be checked by a native speaker like the rest.)
surveyLocalization.locales.ar!.progressText = 'صفحة {0} من {1}';
