import { providerBlock } from "./terraform-harness";

/**
 * The .tf the API Gateway Terraform test applies (apigateway-terraform.test.ts):
 * a Lambda-proxy GET /users behind an API key, a MOCK GET /health with method
 * and integration responses, a deployment redeployed by its triggers
 * (create_before_destroy), stage dev with variables and method settings, an
 * API key in a usage plan, and the Lambda permission for API Gateway.
 */

/** What the edits between applies change; everything else in the .tf stays put. */
export interface Knobs {
  greeting: string;
  rate: number;
  health: string;
}

export const config = (endpoint: string, key: { accessKeyId: string; secretAccessKey: string }, k: Knobs) => `${providerBlock(endpoint, key, ["apigateway", "lambda"])}
resource "aws_lambda_function" "users" {
  function_name    = "tf-users"
  role             = "arn:aws:iam::000000000000:role/tf-lambda"
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = "fn.zip"
  source_code_hash = filebase64sha256("fn.zip")
  timeout          = 5
}

resource "aws_api_gateway_rest_api" "api" {
  name        = "tf-users-api"
  description = "made by terraform"
}

resource "aws_api_gateway_resource" "users" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "users"
}

resource "aws_api_gateway_method" "get_users" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = aws_api_gateway_resource.users.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "get_users" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.users.id
  http_method             = aws_api_gateway_method.get_users.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.users.invoke_arn
}

resource "aws_api_gateway_resource" "health" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "health"
}

resource "aws_api_gateway_method" "health" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.health.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "health" {
  rest_api_id       = aws_api_gateway_rest_api.api.id
  resource_id       = aws_api_gateway_resource.health.id
  http_method       = aws_api_gateway_method.health.http_method
  type              = "MOCK"
  request_templates = { "application/json" = "{\\"statusCode\\": 200}" }
}

resource "aws_api_gateway_method_response" "health_200" {
  rest_api_id     = aws_api_gateway_rest_api.api.id
  resource_id     = aws_api_gateway_resource.health.id
  http_method     = aws_api_gateway_method.health.http_method
  status_code     = "200"
  response_models = { "application/json" = "Empty" }
}

resource "aws_api_gateway_integration_response" "health_200" {
  rest_api_id        = aws_api_gateway_rest_api.api.id
  resource_id        = aws_api_gateway_resource.health.id
  http_method        = aws_api_gateway_method.health.http_method
  status_code        = aws_api_gateway_method_response.health_200.status_code
  response_templates = { "application/json" = "{\\"health\\": \\"${k.health}\\"}" }
  depends_on         = [aws_api_gateway_integration.health]
}

# No status_code: the type's default (403) applies, and none is read back.
resource "aws_api_gateway_gateway_response" "missing_token" {
  rest_api_id        = aws_api_gateway_rest_api.api.id
  response_type      = "MISSING_AUTHENTICATION_TOKEN"
  response_templates = { "application/json" = "{\\"error\\": \\"no such route\\"}" }
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.users.id,
      aws_api_gateway_method.get_users.id,
      aws_api_gateway_integration.get_users.id,
      aws_api_gateway_method.health.id,
      aws_api_gateway_integration.health.id,
      aws_api_gateway_integration_response.health_200.response_templates,
      aws_api_gateway_gateway_response.missing_token.id,
    ]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "dev"
  description   = "development"
  variables     = { greeting = "${k.greeting}" }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.dev.stage_name
  method_path = "*/*"
  settings {
    throttling_rate_limit  = ${k.rate}
    throttling_burst_limit = 100
  }
}

# Per-method settings (resource path with "/" as "~1"), applied at the same time as "*/*": the throttle left
# unset is -1 on AWS both ways.
resource "aws_api_gateway_method_settings" "health" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.dev.stage_name
  method_path = "~1health/GET"
  settings {
    metrics_enabled = true
    logging_level   = "ERROR"
  }
}

resource "aws_api_gateway_api_key" "client" {
  name = "tf-client"
}

resource "aws_api_gateway_usage_plan" "plan" {
  name = "tf-plan"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.dev.stage_name
  }
  throttle_settings {
    rate_limit  = 20
    burst_limit = 40
  }
  quota_settings {
    limit  = 1000
    period = "DAY"
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  key_id        = aws_api_gateway_api_key.client.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.plan.id
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.users.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_api_gateway_rest_api.api.execution_arn}/*/*"
}

output "api_id" { value = aws_api_gateway_rest_api.api.id }
output "api_key" {
  value     = aws_api_gateway_api_key.client.value
  sensitive = true
}
`;
