import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as actions from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import { Construct } from 'constructs';

/** Seed S1: passwords of at least 10 characters. */
export const MIN_PASSWORD_LENGTH_FLOOR = 10;

export interface SignInProps {
  /**
   * The domain users browse to (the server certificate's name). The ALB sends Cognito back to
   * `https://<siteDomainName>/oauth2/idpresponse`, which must be registered on the client.
   */
  readonly siteDomainName: string;
  /** Prefix of the Cognito-hosted sign-in pages, `<prefix>.auth.<region>.amazoncognito.com` (globally unique). */
  readonly domainPrefix: string;
  /** Minimum password length; at least 10 (seed S1). Upper, lower, digit and symbol are always required. */
  readonly minPasswordLength: number;
  /**
   * Auto-logout (WEB-5): the ALB's authentication session lasts this long, after which the user
   * is sent back to sign in. Between 5 minutes and 12 hours.
   */
  readonly sessionTimeout: Duration;
}

/**
 * Sign-in at the load balancer (WEB-5, authentication pattern ≥ 1): a Cognito user pool with
 * strong passwords, mandatory TOTP MFA and threat protection, and the ALB authenticate action
 * that puts every request behind it. Users are created by administrators only.
 */
export class SignIn extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly domain: cognito.UserPoolDomain;
  private readonly sessionTimeout: Duration;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Number.isInteger(props.minPasswordLength) || props.minPasswordLength < MIN_PASSWORD_LENGTH_FLOOR || props.minPasswordLength > 99) {
      problems.push(`minPasswordLength: got ${props.minPasswordLength}; allowed: an integer from ${MIN_PASSWORD_LENGTH_FLOOR} to 99`);
    }
    const minutes = props.sessionTimeout.toMinutes({ integral: false });
    if (minutes < 5 || minutes > 720) problems.push(`sessionTimeout: got ${minutes} minutes; allowed: 5 to 720 minutes`);
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(props.siteDomainName)) problems.push(`siteDomainName: got ${JSON.stringify(props.siteDomainName)}; allowed: a DNS name such as "app.example.com"`);
    if (problems.length > 0) throw new Error(`${this.node.path}: invalid sign-in settings:\n  - ${problems.join('\n  - ')}`);
    this.sessionTimeout = props.sessionTimeout;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: props.minPasswordLength,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        // Seed S1 forbids reusing passwords: the largest history Cognito keeps.
        passwordHistorySize: 24,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP only: no SMS (no SNS role, no SIM-swap exposure).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    // Tokens live no longer than the ALB session; the refresh token cannot go below an hour.
    const tokenValidity = Duration.minutes(Math.min(Math.max(minutes, 5), 60));
    this.client = this.userPool.addClient('AlbClient', {
      // The ALB authenticates to the token endpoint with the client secret.
      generateSecret: true,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`https://${props.siteDomainName}/oauth2/idpresponse`],
        logoutUrls: [`https://${props.siteDomainName}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: tokenValidity,
      idTokenValidity: tokenValidity,
      refreshTokenValidity: Duration.minutes(60),
    });
  }

  /**
   * The ALB action that signs the user in and then runs `next`. The session cookie expires after
   * `sessionTimeout` (an absolute lifetime, not a sliding one), which is the auto-logout.
   *
   * The action does not open the ALB security group: the ALB must reach the Cognito endpoints on
   * 443, which the network tier grants (security group egress and the firewall's domain list).
   */
  public authenticate(next: elbv2.ListenerAction): elbv2.ListenerAction {
    return new actions.AuthenticateCognitoAction({
      userPool: this.userPool,
      userPoolClient: this.client,
      userPoolDomain: this.domain,
      next,
      scope: 'openid email',
      sessionTimeout: this.sessionTimeout,
      onUnauthenticatedRequest: elbv2.UnauthenticatedAction.AUTHENTICATE,
      allowHttpsOutbound: false,
    });
  }
}
