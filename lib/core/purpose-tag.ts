/**
 * The tag that marks a bucket's purpose, and the value of the bucket receiving files from outside:
 * the Files construct sets it, the rule pack finds the upload bucket by it (FILE-1).
 */
export const PURPOSE_TAG = 'hardened:purpose';
export const UPLOAD_PURPOSE = 'upload';
