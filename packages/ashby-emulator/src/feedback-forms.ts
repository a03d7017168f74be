import type { FeedbackFormRecord, FormFieldRecord } from "./records.ts";

/**
 * The seeded scorecards. They cover the shapes a feedback writer must handle: a 1–4 `Score` overall
 * recommendation with a long-text field, a `ValueSelect` recommendation (strong_hire … strong_no_hire),
 * and a form with no long-text field at all.
 */
type FieldSpec = Omit<FormFieldRecord, "id">;

const RECOMMENDATION_VALUES = [
  { label: "Strong Hire", value: "strong_hire" },
  { label: "Hire", value: "hire" },
  { label: "No Hire", value: "no_hire" },
  { label: "Strong No Hire", value: "strong_no_hire" },
];

const FORMS: Array<{
  title: string;
  isDefaultForm: boolean;
  linkedInterview: number | null;
  sections: Array<{ title: string; fields: FieldSpec[] }>;
}> = [
  {
    title: "Standard Interview Scorecard",
    isDefaultForm: true,
    linkedInterview: null,
    sections: [
      {
        title: "Overall",
        fields: [
          {
            type: "Score",
            path: "overall_recommendation",
            title: "Overall Recommendation",
            isRequired: true,
            isNullable: false,
            descriptionPlain: "1 = Strong No Hire, 4 = Strong Hire",
          },
          { type: "LongText", path: "feedback", title: "Feedback", isRequired: true, isNullable: false },
        ],
      },
      {
        title: "Details",
        fields: [
          {
            type: "String",
            path: "key_strengths",
            title: "Key strengths",
            isRequired: false,
            isNullable: true,
          },
          {
            type: "Boolean",
            path: "would_work_with_again",
            title: "Would you like to work with this person?",
            isRequired: false,
            isNullable: true,
          },
        ],
      },
    ],
  },
  {
    title: "Engineering Scorecard",
    isDefaultForm: false,
    linkedInterview: null,
    sections: [
      {
        title: "Recommendation",
        fields: [
          {
            type: "ValueSelect",
            path: "overall_recommendation",
            title: "Overall Recommendation",
            isRequired: true,
            isNullable: false,
            selectableValues: RECOMMENDATION_VALUES,
          },
          {
            type: "Score",
            path: "technical_skills",
            title: "Technical Skills",
            isRequired: false,
            isNullable: true,
          },
          { type: "LongText", path: "notes", title: "Interview Notes", isRequired: true, isNullable: false },
          {
            type: "Number",
            path: "years_relevant_experience",
            title: "Years of relevant experience",
            isRequired: false,
            isNullable: true,
          },
        ],
      },
    ],
  },
  {
    title: "Recruiter Phone Screen",
    isDefaultForm: false,
    linkedInterview: null,
    sections: [
      {
        title: "Screen",
        fields: [
          {
            type: "Score",
            path: "overall_score",
            title: "Overall Score",
            isRequired: true,
            isNullable: false,
          },
          {
            type: "Boolean",
            path: "interested_in_role",
            title: "Candidate is interested in the role",
            isRequired: true,
            isNullable: false,
          },
          {
            type: "String",
            path: "salary_expectation",
            title: "Salary expectation",
            isRequired: false,
            isNullable: true,
          },
          {
            type: "Date",
            path: "available_from",
            title: "Available from",
            isRequired: false,
            isNullable: true,
          },
        ],
      },
    ],
  },
  {
    title: "Hiring Debrief",
    isDefaultForm: false,
    linkedInterview: 6,
    sections: [
      {
        title: "Decision",
        fields: [
          {
            type: "ValueSelect",
            path: "decision",
            title: "Decision",
            isRequired: true,
            isNullable: false,
            selectableValues: [
              { label: "Hire", value: "hire" },
              { label: "No Hire", value: "no_hire" },
            ],
          },
          { type: "LongText", path: "summary", title: "Summary", isRequired: false, isNullable: true },
        ],
      },
    ],
  },
];

export const FEEDBACK_FORM_COUNT = FORMS.length;

export function buildFeedbackForms(
  formId: (index: number) => string,
  fieldId: (index: number) => string,
  interviewId: (index: number) => string,
): FeedbackFormRecord[] {
  let fieldIndex = 0;
  return FORMS.map((form, index) => ({
    id: formId(index),
    title: form.title,
    isArchived: false,
    isDefaultForm: form.isDefaultForm,
    interviewId: form.linkedInterview === null ? null : interviewId(form.linkedInterview),
    sections: form.sections.map((section) => ({
      title: section.title,
      fields: section.fields.map((field) => ({ ...field, id: fieldId(fieldIndex++) })),
    })),
  }));
}

export function formFields(form: FeedbackFormRecord): FormFieldRecord[] {
  return form.sections.flatMap((section) => section.fields);
}
